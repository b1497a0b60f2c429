// Result writers: CSV (the reference evaluator's layout), JSON and the ranking table.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "grammar/utf8.h"
#include "rubric/missing.h"
#include "rubric/report.h"
#include "util/csv_field.h"
#include "util/number_format.h"
#include "util/printable.h"

namespace rubric {
namespace {

std::string VetoIds(const Session& session, std::size_t row) {
  std::string ids;
  for (std::size_t veto : session.fired_vetoes(row)) {
    if (!ids.empty()) ids += ';';
    ids += session.standard().vetoes()[veto].id;
  }
  return ids;
}

// Pads `text` with spaces to `width` display columns (CJK characters count two). Control
// characters are escaped: a table goes to terminals, which would act on them.
std::string Pad(const std::string& text, int width, bool right_align = false) {
  const std::string printable = util::Printable(text);
  const int shown = utf8::DisplayWidth(printable);
  const std::string padding(static_cast<std::size_t>(std::max(0, width - shown)), ' ');
  return right_align ? padding + printable : printable + padding;
}

std::string FixedDecimals(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace

std::string FormatNumber(double value) { return util::FormatShortest(value); }

std::vector<std::size_t> RowsInOutputOrder(const Session& session) {
  std::vector<std::size_t> rows;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.live(row)) rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    const int c = session.entity(a).compare(session.entity(b));
    return c != 0 ? c < 0 : session.period(a) < session.period(b);
  });
  return rows;
}

std::vector<std::optional<int>> Ranks(const Session& session) {
  std::vector<std::optional<int>> ranks(session.row_count());
  std::map<std::int64_t, std::vector<double>> totals;  // the ranked totals per period
  auto ranked = [&](std::size_t row) {
    return session.live(row) && session.scorable(row) && !session.vetoed(row) &&
           !IsMissing(session.total(row)) && !std::isnan(session.total(row));
  };
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (ranked(row)) totals[session.period(row)].push_back(session.total(row));
  }
  for (auto& [period, values] : totals) std::sort(values.begin(), values.end(), std::greater<>());
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (!ranked(row)) continue;
    const std::vector<double>& values = totals[session.period(row)];
    // 1 + the number of ranked totals strictly greater than this one (values descend).
    const auto greater =
        std::lower_bound(values.begin(), values.end(), session.total(row), std::greater<>()) -
        values.begin();
    ranks[row] = static_cast<int>(greater) + 1;
  }
  return ranks;
}

namespace {

bool InPeriods(const Session& session, std::size_t row, const ResultsOptions& options) {
  const std::int64_t period = session.period(row);
  return (!options.first_period || *options.first_period <= period) &&
         (!options.last_period || period <= *options.last_period);
}

std::vector<std::size_t> SelectedRows(const Session& session, const ResultsOptions& options) {
  std::vector<std::size_t> rows;
  for (std::size_t row : RowsInOutputOrder(session)) {
    if (InPeriods(session, row, options)) rows.push_back(row);
  }
  return rows;
}

void WriteWideCsv(const Session& session, const ResultsOptions& options, std::ostream& out) {
  const auto nodes = session.standard().nodes();
  const auto outputs = session.standard().outputs();
  const std::vector<std::optional<int>> ranks = Ranks(session);
  std::string buffer = "entity,period";
  for (const NodeInfo& node : nodes) {
    absl::StrAppend(&buffer, ",",
                    util::CsvField(options.labels && !node.label.empty() ? node.label : node.id));
  }
  buffer += ",total,rank,grade,vetoed,veto_ids";
  for (const OutputInfo& output : outputs) {
    absl::StrAppend(
        &buffer, ",",
        util::CsvField(options.labels && !output.label.empty() ? output.label : output.id));
  }
  // --stamp: the standard's content hash in every row, so that a copied row still names it.
  const std::string stamp = options.stamp ? "," + session.standard().content_hash() : "";
  if (options.stamp) buffer += ",standard_hash";
  buffer += '\n';
  for (std::size_t row : SelectedRows(session, options)) {
    absl::StrAppend(&buffer, util::CsvField(session.entity(row)), ",", session.period(row));
    const bool scorable = session.scorable(row);
    auto number = [&](double value) {
      buffer += ',';
      if (scorable && !IsMissing(value)) util::AppendShortest(&buffer, value);
    };
    for (std::size_t n = 0; n < nodes.size(); ++n) number(session.node_value(row, n));
    number(session.total(row));
    buffer += ',';
    if (ranks[row]) absl::StrAppend(&buffer, *ranks[row]);
    const std::string* grade = session.grade(row);
    absl::StrAppend(&buffer, ",", grade ? util::CsvField(*grade) : std::string(), ",",
                    scorable ? (session.vetoed(row) ? "true" : "false") : "", ",",
                    util::CsvField(VetoIds(session, row)));
    for (std::size_t o = 0; o < outputs.size(); ++o) {
      absl::StrAppend(&buffer, ",", util::CsvField(session.output_text(row, o)));
    }
    buffer += stamp;
    buffer += '\n';
    if (buffer.size() > (1u << 20)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

}  // namespace

void WriteResultsCsv(const Session& session, std::ostream& out) {
  ResultsOptions options;
  options.rank = false;
  WriteResultsCsv(session, options, out);
}

void WriteResultsCsv(const Session& session, const ResultsOptions& options, std::ostream& out) {
  if (options.wide) {
    WriteWideCsv(session, options, out);
    return;
  }
  std::vector<std::optional<int>> ranks;
  if (options.rank) ranks = Ranks(session);
  const auto nodes = session.standard().nodes();
  std::vector<std::string> node_fields;  // "id," per node, escaped once
  for (const NodeInfo& node : nodes) node_fields.push_back(util::CsvField(node.id) + ",");
  std::vector<std::string> output_fields;  // "id," per output
  for (const OutputInfo& output : session.standard().outputs()) {
    output_fields.push_back(util::CsvField(output.id) + ",");
  }
  const std::string stamp = options.stamp ? "," + session.standard().content_hash() : "";
  std::string buffer =
      options.stamp ? "entity,period,node,points,standard_hash\n" : "entity,period,node,points\n";
  std::string prefix;
  for (std::size_t row : SelectedRows(session, options)) {
    prefix = util::CsvField(session.entity(row));
    absl::StrAppend(&prefix, ",", session.period(row), ",");
    const bool scorable = session.scorable(row);
    // One line: the row's prefix, `field` ("id,") and the value.
    auto text_line = [&](std::string_view field, std::string_view value) {
      ((buffer += prefix) += field) += value;
      buffer += stamp;
      buffer += '\n';
    };
    auto number_line = [&](std::string_view field, double value) {
      (buffer += prefix) += field;
      if (scorable && !IsMissing(value)) util::AppendShortest(&buffer, value);
      buffer += stamp;
      buffer += '\n';
    };
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      number_line(node_fields[n], session.node_value(row, n));
    }
    number_line("total,", session.total(row));
    if (options.rank) text_line("rank,", ranks[row] ? absl::StrCat(*ranks[row]) : std::string());
    const std::string* grade = session.grade(row);
    text_line("grade,", grade ? util::CsvField(*grade) : std::string());
    text_line("vetoed,", scorable ? (session.vetoed(row) ? "true" : "false") : "");
    text_line("veto_ids,", util::CsvField(VetoIds(session, row)));
    for (std::size_t o = 0; o < output_fields.size(); ++o) {
      text_line(output_fields[o], util::CsvField(session.output_text(row, o)));
    }
    if (buffer.size() > (1u << 20)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

void WriteResultsJson(const Session& session, std::ostream& out) {
  ResultsOptions options;
  options.rank = false;
  WriteResultsJson(session, options, out);
}

void WriteResultsJson(const Session& session, const ResultsOptions& options, std::ostream& out) {
  const Standard& standard = session.standard();
  std::vector<std::optional<int>> ranks;
  if (options.rank) ranks = Ranks(session);
  nlohmann::ordered_json doc;
  doc["standard"] = {{"id", standard.id()},
                     {"title", standard.title()},
                     {"version", standard.version()},
                     {"hash", standard.content_hash()}};
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (std::size_t row : SelectedRows(session, options)) {
    nlohmann::ordered_json r;
    r["entity"] = session.entity(row);
    r["period"] = session.period(row);
    r["scorable"] = session.scorable(row);
    if (!session.scorable(row)) {
      r["reason"] = session.unscorable_reason(row);
      rows.push_back(std::move(r));
      continue;
    }
    auto number = [](double value) {
      return IsMissing(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
    };
    r["total"] = number(session.total(row));
    if (IsMissing(session.total(row))) r["missing_reason"] = session.missing_reason(row);
    if (options.rank) {
      r["rank"] =
          ranks[row] ? nlohmann::ordered_json(*ranks[row]) : nlohmann::ordered_json(nullptr);
    }
    const std::string* grade = session.grade(row);
    r["grade"] = grade ? nlohmann::ordered_json(*grade) : nlohmann::ordered_json(nullptr);
    r["vetoed"] = session.vetoed(row);
    nlohmann::ordered_json vetoes = nlohmann::ordered_json::array();
    for (std::size_t veto : session.fired_vetoes(row)) vetoes.push_back(standard.vetoes()[veto].id);
    r["vetoes"] = std::move(vetoes);
    nlohmann::ordered_json nodes = nlohmann::ordered_json::object();
    for (std::size_t n = 0; n < standard.nodes().size(); ++n) {
      nodes[standard.nodes()[n].id] = number(session.node_value(row, n));
    }
    r["nodes"] = std::move(nodes);
    if (!standard.outputs().empty()) {
      nlohmann::ordered_json outputs = nlohmann::ordered_json::object();
      for (std::size_t o = 0; o < standard.outputs().size(); ++o) {
        const double value = session.output_value(row, o);
        if (IsMissing(value)) {
          outputs[standard.outputs()[o].id] = nullptr;
        } else if (!standard.outputs()[o].band_names.empty()) {
          const std::string text = session.output_text(row, o);
          outputs[standard.outputs()[o].id] =
              text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
        } else {
          outputs[standard.outputs()[o].id] = value;
        }
      }
      r["outputs"] = std::move(outputs);
    }
    // Every value estimated for the row, so that no estimate passes for data.
    const std::vector<Imputation> imputations = session.imputations(row);
    if (!imputations.empty()) {
      nlohmann::ordered_json imputed = nlohmann::ordered_json::array();
      for (const Imputation& i : imputations) {
        nlohmann::ordered_json item = {{"expression", i.expression}};
        if (!i.input.empty()) item["input"] = i.input;
        item["value"] = i.value;
        item["how"] = i.how;
        imputed.push_back(std::move(item));
      }
      r["imputed"] = std::move(imputed);
    }
    rows.push_back(std::move(r));
  }
  doc["rows"] = std::move(rows);
  out << doc.dump(2) << "\n";
}

void WriteRankingTable(const Session& session, std::ostream& out) {
  WriteRankingTable(session, ResultsOptions(), out);
}

void WriteRankingTable(const Session& session, const ResultsOptions& options, std::ostream& out) {
  const Standard& standard = session.standard();
  // Indices with points out of a declared total read best with 2 decimals; free-form values
  // (an index in [0, 1], say) with 3.
  const int decimals = options.decimals ? *options.decimals : standard.total_points() ? 2 : 3;
  const std::vector<std::optional<int>> ranks = Ranks(session);
  std::map<std::int64_t, std::vector<std::size_t>> by_period;
  for (std::size_t row : SelectedRows(session, options)) {
    by_period[session.period(row)].push_back(row);
  }
  bool first = true;
  for (auto& [period, rows] : by_period) {
    std::vector<std::size_t> ranked, vetoed, unscorable, no_total;
    for (std::size_t row : rows) {
      if (!session.scorable(row)) {
        unscorable.push_back(row);
      } else if (IsMissing(session.total(row)) && !session.vetoed(row)) {
        no_total.push_back(row);
      } else if (session.vetoed(row)) {
        vetoed.push_back(row);
      } else {
        ranked.push_back(row);
      }
    }
    auto by_total = [&](std::size_t a, std::size_t b) {
      if (session.total(a) != session.total(b)) return session.total(a) > session.total(b);
      return session.entity(a) < session.entity(b);
    };
    std::sort(ranked.begin(), ranked.end(), by_total);
    std::sort(vetoed.begin(), vetoed.end(), by_total);
    auto by_entity = [&](std::size_t a, std::size_t b) {
      return session.entity(a) < session.entity(b);
    };
    std::sort(unscorable.begin(), unscorable.end(), by_entity);
    std::sort(no_total.begin(), no_total.end(), by_entity);

    int entity_width = utf8::DisplayWidth("entity");
    for (std::size_t row : rows) {
      entity_width =
          std::max(entity_width, utf8::DisplayWidth(util::Printable(session.entity(row))));
    }
    if (!first) out << "\n";
    first = false;
    out << util::Printable(standard.title()) << (standard.title().empty() ? "" : " ") << "("
        << standard.id() << "), period " << period << ": " << ranked.size() << " ranked, "
        << vetoed.size() << " vetoed, " << unscorable.size() << " not scorable";
    if (!no_total.empty()) out << ", " << no_total.size() << " without a total";
    out << "\n";
    const int total_width = 10;
    out << Pad("rank", 5, true) << "  " << Pad("entity", entity_width) << "  "
        << Pad("total", total_width, true) << "  "
        << "grade / vetoes\n";
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      // Equal totals share a rank: 1, 2, 2, 4.
      const std::optional<int> rank = ranks[ranked[i]];
      const std::string* grade = session.grade(ranked[i]);
      out << Pad(rank ? std::to_string(*rank) : "-", 5, true) << "  "
          << Pad(session.entity(ranked[i]), entity_width) << "  "
          << Pad(FixedDecimals(session.total(ranked[i]), decimals), total_width, true) << "  "
          << (grade ? util::Printable(*grade) : "") << "\n";
    }
    for (std::size_t row : vetoed) {
      const std::string* grade = session.grade(row);
      out << Pad("-", 5, true) << "  " << Pad(session.entity(row), entity_width) << "  "
          << Pad(IsMissing(session.total(row)) ? std::string()
                                               : FixedDecimals(session.total(row), decimals),
                 total_width, true)
          << "  " << (grade ? util::Printable(*grade) + " " : "")
          << "vetoed: " << VetoIds(session, row) << "\n";
    }
    for (std::size_t row : no_total) {
      out << Pad("-", 5, true) << "  " << Pad(session.entity(row), entity_width) << "  "
          << Pad("", total_width, true) << "  no total: " << session.missing_reason(row) << "\n";
    }
    for (std::size_t row : unscorable) {
      out << Pad("-", 5, true) << "  " << Pad(session.entity(row), entity_width) << "  "
          << Pad("", total_width, true) << "  not scorable: " << session.unscorable_reason(row)
          << "\n";
    }
  }
}

}  // namespace rubric
