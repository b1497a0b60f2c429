// rubric serve without the network: the cost of Service::Handle for POST /v1/score with one
// row and with 1,000 rows (examples/guide/06_grades.rubric), and its parts: reading the JSON
// body, loading the rows into a fresh session and evaluating, writing the results.
// tests/service/load.py measures the same requests over HTTP.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <string>

#include "rubric/session.h"
#include "service/rows.h"
#include "service/service.h"
#include "service/strict_json.h"

namespace {

std::string Body(int rows) {
  nlohmann::json list = nlohmann::json::array();
  for (int k = 0; k < rows; ++k) {
    list.push_back({{"entity", "E" + std::to_string(k)},
                    {"period", 2024},
                    {"values",
                     {{"p1_1_1", k % 2 == 0},
                      {"p1_1_2", k % 3 == 0},
                      {"p3_2_1", k % 200},
                      {"p6_1_2", k % 600},
                      {"p7_1_2", (7 * k) % 1200},
                      {"n16_1", false}}}});
  }
  return nlohmann::json{{"standard", "grades_demo"}, {"rows", list}}.dump();
}

rubric::service::Service& TheService() {
  static rubric::service::Service* const service = [] {
    rubric::service::ServiceOptions options;
    options.standard_paths = {RUBRIC_SOURCE_DIR "/examples/guide/06_grades.rubric"};
    auto* created = new rubric::service::Service(options);
    rubric::service::LoadOutcome outcome;
    std::string message;
    if (!created->Start(&outcome, &message)) std::abort();
    return created;
  }();
  return *service;
}

void BM_HandleScore(benchmark::State& state) {
  rubric::service::Request request;
  request.method = "POST";
  request.target = "/v1/score";
  request.content_type = "application/json";
  request.body = Body(static_cast<int>(state.range(0)));
  rubric::service::Service& service = TheService();
  for (auto _ : state) {
    rubric::service::Response response = service.Handle(request);
    if (response.status != 200) state.SkipWithError("not 200");
    benchmark::DoNotOptimize(response.body.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HandleScore)->Arg(1)->Arg(1000);

void BM_ParseBody(benchmark::State& state) {
  const std::string body = Body(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    rubric::service::JsonParse parsed = rubric::service::ParseStrictJson(body);
    benchmark::DoNotOptimize(parsed.value.size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ParseBody)->Arg(1)->Arg(1000);

void BM_LoadAndEvaluate(benchmark::State& state) {
  const nlohmann::json rows =
      rubric::service::ParseStrictJson(Body(static_cast<int>(state.range(0)))).value["rows"];
  rubric::service::Service& service = TheService();
  (void)service;
  rubric::CompileResult compiled =
      rubric::Standard::CompileFile(RUBRIC_SOURCE_DIR "/examples/guide/06_grades.rubric");
  for (auto _ : state) {
    rubric::Session session(*compiled.standard);
    std::vector<std::size_t> touched;
    auto problems = rubric::service::LoadJsonRows(session, rows, false, &touched);
    session.Evaluate();
    benchmark::DoNotOptimize(session.total(0));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_LoadAndEvaluate)->Arg(1)->Arg(1000);

void BM_WriteResults(benchmark::State& state) {
  const nlohmann::json rows =
      rubric::service::ParseStrictJson(Body(static_cast<int>(state.range(0)))).value["rows"];
  rubric::CompileResult compiled =
      rubric::Standard::CompileFile(RUBRIC_SOURCE_DIR "/examples/guide/06_grades.rubric");
  rubric::Session session(*compiled.standard);
  std::vector<std::size_t> touched;
  (void)rubric::service::LoadJsonRows(session, rows, false, &touched);
  session.Evaluate();
  for (auto _ : state) {
    nlohmann::json results = nlohmann::json::array();
    for (std::size_t row : touched) {
      results.push_back(rubric::service::RowResultJson(session, row, {}));
    }
    std::string text = results.dump();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WriteResults)->Arg(1)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
