// `rubric help [COMMAND]` and `rubric COMMAND --help`: one table of the commands, each with
// its usage, its options and an example. The parsing stays hand-written (ParseDataCommand);
// this table is what --help prints, so keep it beside the options each command takes.
#include <ostream>
#include <string>
#include <vector>

#include "cli_support.h"

namespace rubric::cli {
namespace {

struct CommandHelp {
  const char* name;
  const char* summary;  // one line, for `rubric help`
  const char* usage;    // after "usage: "
  const char* options;  // one option a line, indented by two spaces; may be empty
  const char* example;
};

// The options of the commands that read data (ParseDataCommand).
constexpr const char* kDataOptions =
    "  --entity-column NAME   the column of the entities (default entity)\n"
    "  --period-column NAME   the column of the periods (default period)\n"
    "  --ignore COL,...       columns of a wide file that are not inputs\n"
    "  --sheet NAME           DATA is an Excel workbook (.xlsx): read this sheet (default:\n"
    "                         the first)\n";

const std::vector<CommandHelp>& Commands() {
  static const std::vector<CommandHelp> commands = {
      {"check", "compile standards and report their diagnostics and content hashes",
       "rubric check [--canonical] STANDARD...",
       "  --canonical            print the canonical form the content hash is computed from\n",
       "rubric check examples/consortium/standard.rubric"},
      {"fmt", "rewrite standards in the canonical layout", "rubric fmt [--check] STANDARD...",
       "  --check                only say which files are not formatted (exit 1)\n"
       "  -                      read standard input, write standard output\n",
       "rubric fmt --check examples/consortium/standard.rubric"},
      {"lint", "warnings about a standard's design",
       "rubric lint [--allow CODE,...] [--deny CODE,...] [--list] STANDARD...",
       "  --allow CODE,...       do not report these lint codes\n"
       "  --deny CODE,...        report these lint codes as errors\n"
       "  --list                 list the lint codes\n",
       "rubric lint --deny L0001 examples/consortium/standard.rubric"},
      {"graph", "the dependency graph of a standard",
       "rubric graph STANDARD [--format dot|json] [--out FILE]",
       "  --format dot|json      Graphviz dot (default) or JSON\n"
       "  --out FILE             write FILE instead of standard output\n",
       "rubric graph examples/consortium/standard.rubric --out graph.dot"},
      {"diff", "what changed from standard A to standard B",
       "rubric diff A B [--data DATA.csv] [--format text|json]",
       "  --data DATA.csv        also score DATA with both and show the changed scores\n"
       "  --format text|json     text (default) or JSON\n",
       "rubric diff old.rubric new.rubric --data cities.csv"},
      {"test", "run the tests an author wrote for a standard (PASS or FAIL each)",
       "rubric test STANDARD [TESTS...]",
       "  TESTS...               test files (default: STANDARD with its extension replaced by\n"
       "                         .tests, e.g. standard.rubric -> standard.tests)\n",
       "rubric test examples/guide/06_grades.rubric"},
      {"score", "score data with a standard: a ranking, CSV, JSON or an Excel workbook",
       "rubric score STANDARD DATA.csv|DATA.xlsx [--format table|csv|json|xlsx] [--wide]\n"
       "                    [--labels] [--period P|FIRST..LAST] [--decimals N] [--out FILE]\n"
       "                    [--stamp] [--log DECISIONS.jsonl] [--stream] [data options]",
       "  --format table|csv|json|xlsx  a ranking per period (default), CSV, JSON or an Excel\n"
       "                         workbook (xlsx needs --out FILE: rankings, scores, the\n"
       "                         standard)\n"
       "  --wide                 CSV: one row per entity and period, one column per node,\n"
       "                         then total, rank, grade, vetoed, veto_ids (and outputs)\n"
       "  --labels               with --wide: the nodes' labels as column headers\n"
       "  --period P|FIRST..LAST only these periods (2024, or 2023..2025 included)\n"
       "  --decimals N           the table's totals (and the workbook's number format) with\n"
       "                         N decimals (csv and json keep every digit)\n"
       "  --out FILE             write FILE instead of standard output\n"
       "  --stamp                CSV: a last column standard_hash, the standard's content hash\n"
       "  --log FILE             append one decision record per row scored to FILE (JSON\n"
       "                         Lines: standard id, version and hash, inputs, results);\n"
       "                         rubric replay re-scores them\n"
       "  --stream               a CSV file larger than memory: read once to find each\n"
       "                         period's lines, then scored period by period with only\n"
       "                         the periods its rules read back (prev, impute previous N)\n"
       "                         in memory; the same output and warnings (not with xlsx or\n"
       "                         --log; refused for cohorts across periods, an unbounded\n"
       "                         look-back, or a file not grouped by period)\n",
       "rubric score standard.rubric cities.csv --format csv --wide --period 2023..2024"},
      {"replay", "re-score a decision log and list every result that differs",
       "rubric replay DECISIONS.jsonl [STANDARD] [--format text|json]",
       "  STANDARD               the standard to replay with (default: the .rubric file beside\n"
       "                         the log, or here, whose content hash the log names)\n"
       "  --format text|json     the differences as text (default) or JSON\n"
       "exit status: 0 nothing differs, 1 something differs, 2 the log or standard unusable\n",
       "rubric replay decisions.jsonl examples/consortium/standard.rubric"},
      {"lsp", "the language server for editors (Language Server Protocol on standard I/O)",
       "rubric lsp [--stdio]",
       "  --stdio                talk over standard input and output (the only transport)\n"
       "exit status: 0 after the client's shutdown and exit, 1 when its input ends first\n",
       "rubric lsp   (started by an editor: docs/editor.md)"},
      {"report", "one self-contained HTML report of the results",
       "rubric report STANDARD DATA.csv [--out report.html] [--period P|FIRST..LAST]\n"
       "                     [--lang zh|en] [--decimals N] [data options]",
       "  --out FILE             write FILE instead of standard output\n"
       "  --period P|FIRST..LAST only these periods' rankings and entities\n"
       "  --lang zh|en           the language (default: that of the standard's labels)\n"
       "  --decimals N           the totals and points shown with N decimals\n",
       "rubric report standard.rubric cities.csv --period 2024 --out report.html"},
      {"whatif", "apply edits to the data one at a time and show the new totals",
       "rubric whatif STANDARD DATA.csv EDITS.csv [--verify] [data options]",
       "  --verify               check the incremental results against a full evaluation\n",
       "rubric whatif standard.rubric cities.csv edits.csv --verify"},
      {"explain", "how one entity's score in one period was reached",
       "rubric explain STANDARD DATA.csv --entity E --period P [--node N]\n"
       "                      [--format text|json] [--decimals N] [data options]",
       "  --entity E             the entity\n"
       "  --period P             the period (one period, not a range)\n"
       "  --node N               only this node's part\n"
       "  --format text|json     text (default) or JSON\n"
       "  --decimals N           text: numbers with N decimals (json keeps every digit)\n",
       "rubric explain standard.rubric cities.csv --entity C0001 --period 2024 --decimals 2"},
      {"attribute", "what moved an entity's total from one period (or standard) to another",
       "rubric attribute STANDARD DATA.csv --entity E --from P1 --to P2\n"
       "                        [--data-to DATA2.csv] [--standard-to VARIANT] [--period P]\n"
       "                        [--samples N] [--seed S] [--exact-players K]\n"
       "                        [--format table|json] [--out FILE] [data options]",
       "  --entity E             the entity\n"
       "  --from P1 --to P2      the periods compared\n"
       "  --data-to DATA2.csv    compare with the same period in other data\n"
       "  --standard-to VARIANT  compare with another standard\n"
       "  --period P             the period, when comparing data or standards\n"
       "  --samples N            sampled orders past --exact-players groups\n"
       "  --seed S               the sampling seed\n"
       "  --exact-players K      exact Shapley values up to K groups\n"
       "  --format table|json    table (default) or JSON\n"
       "  --out FILE             write FILE instead of standard output\n",
       "rubric attribute standard.rubric cities.csv --entity C0001 --from 2023 --to 2024"},
      {"goal", "what it would take an entity to reach a grade or a total",
       "rubric goal STANDARD DATA.csv --entity E --period P [--grade G | --total X]\n"
       "                   [--cost FILE] [--no-plan] [--format table|json] [--out FILE]\n"
       "                   [data options]",
       "  --entity E             the entity\n"
       "  --period P             the period\n"
       "  --grade G              the grade to reach (default: the next one)\n"
       "  --total X              the total to reach\n"
       "  --cost FILE            the cost of changing each input (CSV)\n"
       "  --no-plan              only the gap, no plan\n"
       "  --format table|json    table (default) or JSON\n"
       "  --out FILE             write FILE instead of standard output\n",
       "rubric goal standard.rubric cities.csv --entity C0001 --period 2024 --grade A"},
      {"sensitivity", "how robust the ranking is to the points of the sum groups",
       "rubric sensitivity STANDARD DATA.csv [--samples N] [--seed S] [--vary P%]\n"
       "                          [--factors FILE] [--sobol] [--threads T]\n"
       "                          [--format table|csv|json] [--out FILE] [data options]",
       "  --samples N            the number of samples (default 1000)\n"
       "  --seed S               the sampling seed\n"
       "  --vary P%              vary each group's points by up to P percent\n"
       "  --factors FILE         the factors to vary (CSV)\n"
       "  --sobol                Sobol indices on the rank\n"
       "  --threads T            worker threads\n"
       "  --format table|csv|json  table (default), CSV or JSON\n"
       "  --out FILE             write FILE instead of standard output\n",
       "rubric sensitivity standard.rubric cities.csv --samples 500 --vary 20%"},
      {"generate", "deterministic synthetic data for a standard, as CSV",
       "rubric generate STANDARD [--entities N] [--periods P] [--first-period Y]\n"
       "                       [--seed S] [--missing F] [--wide] [--out FILE]",
       "  --entities N           the number of entities\n"
       "  --periods P            the number of periods\n"
       "  --first-period Y       the first period\n"
       "  --seed S               the random seed\n"
       "  --missing F            the share of values left out (0 to 1)\n"
       "  --wide                 one row per entity and period (else one value a line)\n"
       "  --out FILE             write FILE instead of standard output\n",
       "rubric generate standard.rubric --entities 100 --periods 3 --out data.csv"},
      {"generate-standard", "a synthetic standard of a given shape (for benchmarks)",
       "rubric generate-standard [--indicators N] [--fanout F] [--cohort-share X]\n"
       "                                [--prev-share Y] [--seed S] [--out FILE]",
       "  --indicators N         the number of indicators\n"
       "  --fanout F             the children per group\n"
       "  --cohort-share X       the share of indicators with a cohort function\n"
       "  --prev-share Y         the share of indicators that read the previous period\n"
       "  --seed S               the random seed\n"
       "  --out FILE             write FILE instead of standard output\n",
       "rubric generate-standard --indicators 1000 --out big.rubric"},
      {"serve", "score over HTTP: a JSON API with sessions, reload and metrics",
       "rubric serve --standard FILE... [--listen 127.0.0.1:8080] [--token-file F]\n"
       "                    [--log decisions.jsonl] [limits]",
       "  --standard FILE...     the standards to serve (SIGHUP or POST /v1/reload reloads)\n"
       "  --listen HOST:PORT     the address (default 127.0.0.1:8080; port 0: any free)\n"
       "  --token-file F         require `Authorization: Bearer TOKEN` (F's first line) on\n"
       "                         every route but /healthz\n"
       "  --log FILE             append one JSON line per scored row (decisions.jsonl)\n"
       "\nlimits:\n"
       "  --max-body-bytes N     request bodies (default 16777216; more: 413)\n"
       "  --max-header-bytes N   request headers (default 16384; more: 431)\n"
       "  --max-rows N           rows per request (default 100000; more: 413)\n"
       "  --max-connections N    open connections (default 256; more: 503)\n"
       "  --max-sessions N       open sessions (default 1000; more: 429)\n"
       "  --max-session-memory N bytes of all sessions (default 268435456; more: 429)\n"
       "  --request-timeout S    seconds to read one request (default 10)\n"
       "  --session-idle-timeout S  seconds before an unused session is dropped (default 600)\n"
       "  --threads N            worker threads (default: one per core)\n",
       "rubric serve --standard examples/consortium/standard.rubric --listen 127.0.0.1:8080"},
  };
  return commands;
}

// The commands that read data take the data options.
bool ReadsData(const std::string& name) {
  return name == "score" || name == "report" || name == "whatif" || name == "explain" ||
         name == "attribute" || name == "goal" || name == "sensitivity";
}

}  // namespace

bool PrintCommandHelp(const std::string& command, std::ostream& out) {
  for (const CommandHelp& help : Commands()) {
    if (command != help.name) continue;
    out << "rubric " << help.name << ": " << help.summary << "\n\nusage: " << help.usage << "\n";
    const std::string options = help.options;
    if (!options.empty() || ReadsData(command)) out << "\noptions:\n" << options;
    if (ReadsData(command)) out << "\ndata options:\n" << kDataOptions;
    out << "\nevery command also takes:\n"
           "  --strict               warnings are errors\n"
           "  --allow-any-base       read the bases of variants from any path\n"
           "  --help, -h             this help\n"
        << "\nexample:\n  " << help.example << "\n";
    return true;
  }
  return false;
}

void PrintCommandList(std::ostream& out) {
  out << "usage: rubric COMMAND [ARGS...]\n\ncommands:\n";
  for (const CommandHelp& help : Commands()) {
    std::string name = help.name;
    name.resize(std::max<std::size_t>(name.size(), 19), ' ');
    out << "  " << name << help.summary << "\n";
  }
  out << "\n`rubric help COMMAND` or `rubric COMMAND --help` shows a command's options;\n"
         "`rubric --help` shows every command's usage; `rubric --version` the version.\n";
}

int Help(const std::vector<std::string>& args) {
  if (args.empty()) {
    PrintCommandList(std::cout);
    return kOk;
  }
  if (args.size() == 1 && PrintCommandHelp(args[0], std::cout)) return kOk;
  if (args.size() == 1) {
    std::cerr << "rubric: unknown command '" << args[0] << "'\n";
  } else {
    std::cerr << "usage: rubric help [COMMAND]\n";
  }
  PrintCommandList(std::cerr);
  return kUsage;
}

}  // namespace rubric::cli
