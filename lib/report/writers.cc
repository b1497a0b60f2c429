// Result writers: CSV (the reference evaluator's layout), JSON and the ranking table.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
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

void WriteResultsCsv(const Session& session, std::ostream& out) {
  const auto nodes = session.standard().nodes();
  std::vector<std::string> node_fields;  // "id," per node, escaped once
  for (const NodeInfo& node : nodes) node_fields.push_back(util::CsvField(node.id) + ",");
  std::vector<std::string> output_fields;  // "id," per output
  for (const OutputInfo& output : session.standard().outputs()) {
    output_fields.push_back(util::CsvField(output.id) + ",");
  }
  std::string buffer = "entity,period,node,points\n";
  std::string prefix;
  for (std::size_t row : RowsInOutputOrder(session)) {
    prefix = util::CsvField(session.entity(row));
    absl::StrAppend(&prefix, ",", session.period(row), ",");
    const bool scorable = session.scorable(row);
    // One line: the row's prefix, `field` ("id,") and the value.
    auto text_line = [&](std::string_view field, std::string_view value) {
      ((buffer += prefix) += field) += value;
      buffer += '\n';
    };
    auto number_line = [&](std::string_view field, double value) {
      (buffer += prefix) += field;
      if (scorable && !IsMissing(value)) util::AppendShortest(&buffer, value);
      buffer += '\n';
    };
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      number_line(node_fields[n], session.node_value(row, n));
    }
    number_line("total,", session.total(row));
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
  const Standard& standard = session.standard();
  nlohmann::ordered_json doc;
  doc["standard"] = {
      {"id", standard.id()}, {"title", standard.title()}, {"version", standard.version()}};
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (std::size_t row : RowsInOutputOrder(session)) {
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
  const Standard& standard = session.standard();
  // Indices with points out of a declared total read best with 2 decimals; free-form values
  // (an index in [0, 1], say) with 3.
  const int decimals = standard.total_points() ? 2 : 3;
  std::map<std::int64_t, std::vector<std::size_t>> by_period;
  for (std::size_t row : RowsInOutputOrder(session)) by_period[session.period(row)].push_back(row);
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
    int rank = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      // Equal totals share a rank: 1, 2, 2, 4.
      if (i == 0 || session.total(ranked[i]) != session.total(ranked[i - 1])) {
        rank = static_cast<int>(i) + 1;
      }
      const std::string* grade = session.grade(ranked[i]);
      out << Pad(std::to_string(rank), 5, true) << "  "
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
