// The service without sockets (lib/service/): routes against docs/service.openapi.json,
// strict JSON, authentication, limits, sessions, reload and the decision log, through
// Service::Handle.
#include "service/service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "rubric/standard.h"
#include "service/strict_json.h"
#include "test_support.h"

namespace rubric::service {
namespace {

using nlohmann::json;

const char* const kSmall = R"(standard small "Small" {
  version "1"
  total 10
  grades { A >= 8  B otherwise }
  indicator T1 "one" points 10 {
    input x "x" : number >= 0
    score ratio(x, 100)
  }
}
)";

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/rubric-service-test-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string path = path_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::unique_ptr<Service> Started(ServiceOptions options) {
  auto service = std::make_unique<Service>(std::move(options));
  LoadOutcome outcome;
  std::string message;
  EXPECT_TRUE(service->Start(&outcome, &message)) << message;
  return service;
}

Response Call(Service& service, const std::string& method, const std::string& target,
              const std::string& body = "", const std::string& token = "") {
  Request request;
  request.method = method;
  request.target = target;
  request.body = body;
  request.content_type = "application/json";
  if (!token.empty()) request.authorization = "Bearer " + token;
  return service.Handle(request);
}

json Body(const Response& response) { return json::parse(response.body); }

std::string Rows(int count, double x = 50) {
  json rows = json::array();
  for (int k = 0; k < count; ++k) {
    rows.push_back({{"entity", "E" + std::to_string(k)}, {"period", 2024}, {"values", {{"x", x}}}});
  }
  return json{{"rows", rows}}.dump();
}

TEST(ServiceRoutes, MatchTheOpenApiFile) {
  const json spec =
      json::parse(testing::ReadFileOrDie(testing::SourceDir() / "docs" / "service.openapi.json"));
  std::set<std::pair<std::string, std::string>> documented, served;
  for (const auto& [path, item] : spec.at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert({upper, path});
    }
  }
  for (const Route& route : Routes()) served.insert({route.method, route.path});
  EXPECT_EQ(documented, served);
}

TEST(StrictJson, RefusesWhatLenientParsersAccept) {
  EXPECT_TRUE(ParseStrictJson(R"({"a": [1, 2.5, "x", null, true]})").ok());
  const JsonParse duplicate = ParseStrictJson(R"({"a": 1, "b": {"c": 1, "c": 2}})");
  EXPECT_NE(duplicate.error.find("\"c\" appears twice"), std::string::npos) << duplicate.error;
  EXPECT_NE(ParseStrictJson("[1e400]").error.find("out of range"), std::string::npos);
  EXPECT_NE(ParseStrictJson("[-1e400]").error.find("out of range"), std::string::npos);
  const JsonParse utf8 = ParseStrictJson("{\"a\": \"\xC3\x28\"}");
  EXPECT_NE(utf8.error.find("UTF-8"), std::string::npos);
  EXPECT_EQ(utf8.offset, 7u);
  EXPECT_FALSE(ParseStrictJson("{\"a\": 1").ok());
  EXPECT_FALSE(ParseStrictJson("").ok());
  EXPECT_FALSE(ParseStrictJson(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_TRUE(ParseStrictJson(std::string(60, '[') + std::string(60, ']')).ok());
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);
  EXPECT_EQ(FindInvalidUtf8("ab\xED\xA0\x80"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);
  EXPECT_EQ(FindInvalidUtf8("苏州"), std::string_view::npos);
}

TEST(ServiceAuth, TokenIsRequiredExceptForHealth) {
  TempDir dir;
  ServiceOptions options;
  options.standard_paths = {dir.Write("small.rubric", kSmall)};
  options.token = "s3cret-token";
  auto service = Started(options);
  EXPECT_EQ(Call(*service, "GET", "/healthz").status, 200);
  EXPECT_EQ(Call(*service, "GET", "/v1/standards").status, 401);
  EXPECT_EQ(Call(*service, "GET", "/v1/standards", "", "s3cret-tokem").status, 401);
  EXPECT_EQ(Call(*service, "GET", "/v1/standards", "", "s3cret-token-").status, 401);
  EXPECT_EQ(Call(*service, "GET", "/nowhere").status, 401);  // routes are not revealed
  EXPECT_EQ(Call(*service, "GET", "/v1/standards", "", "s3cret-token").status, 200);
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(ServiceScore, TotalsAndGrades) {
  TempDir dir;
  ServiceOptions options;
  options.standard_paths = {dir.Write("small.rubric", kSmall)};
  auto service = Started(options);
  const Response response = Call(*service, "POST", "/v1/score", Rows(2, 85));
  ASSERT_EQ(response.status, 200) << response.body;
  const json body = Body(response);
  EXPECT_EQ(body["rows"].size(), 2u);
  EXPECT_DOUBLE_EQ(body["rows"][0]["total"].get<double>(), 8.5);  // 10 x 85/100
  EXPECT_EQ(body["rows"][0]["grade"], "A");
  EXPECT_EQ(body["standard"]["content_hash"], Standard::Compile(kSmall).standard->content_hash());
}

TEST(ServiceRoutes, PathParametersArePercentDecoded) {
  TempDir dir;
  ServiceOptions options;
  options.standard_paths = {dir.Write("small.rubric", kSmall)};
  auto service = Started(options);
  const Response found = Call(*service, "GET", "/v1/standards/%73mall");
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(Body(found)["id"], "small");
  EXPECT_EQ(Call(*service, "GET", "/v1/standards/%zz").status, 400);
  EXPECT_EQ(Call(*service, "GET", "/v1/standards/%ff").status, 400);  // not UTF-8
  EXPECT_EQ(Call(*service, "GET", "/v1/standards/other").status, 404);
  EXPECT_EQ(Call(*service, "GET", "/v1/standards/small/x").status, 404);
  EXPECT_EQ(Call(*service, "PUT", "/v1/standards/small").status, 405);
}

TEST(ServiceLimits, RowsPerRequest) {
  TempDir dir;
  ServiceOptions options;
  options.standard_paths = {dir.Write("small.rubric", kSmall)};
  options.limits.max_rows = 3;
  auto service = Started(options);
  EXPECT_EQ(Call(*service, "POST", "/v1/score", Rows(3)).status, 200);
  const Response over = Call(*service, "POST", "/v1/score", Rows(4));
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(Body(over)["error"]["code"], "too_many_rows");
  // CSV bodies too.
  Request csv;
  csv.method = "POST";
  csv.target = "/v1/score";
  csv.content_type = "text/csv";
  csv.body = "entity,period,x\na,1,1\nb,1,1\nc,1,1\nd,1,1\n";
  EXPECT_EQ(service->Handle(csv).status, 413);
}

TEST(ServiceLimits, SessionsAndTheirMemory) {
  TempDir dir;
  ServiceOptions options;
  options.standard_paths = {dir.Write("small.rubric", kSmall)};
  options.limits.max_sessions = 2;
  options.limits.max_session_bytes = 64 * 1024;
  auto service = Started(options);
  const std::string a = Body(Call(*service, "POST", "/v1/sessions"))["session"];
  ASSERT_EQ(Call(*service, "POST", "/v1/sessions").status, 201);
  const Response third = Call(*service, "POST", "/v1/sessions");
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(Body(third)["error"]["code"], "too_many_sessions");
  EXPECT_EQ(Call(*service, "POST", "/v1/sessions/" + a + "/values", Rows(10)).status, 200);
  // Thousands of rows do not fit in 64 KiB: refused before anything changes.
  const Response big = Call(*service, "POST", "/v1/sessions/" + a + "/values", Rows(5000));
  EXPECT_EQ(big.status, 429) << big.body;
  EXPECT_EQ(Body(big)["error"]["code"], "session_memory");
  EXPECT_EQ(Body(Call(*service, "GET", "/v1/sessions/" + a))["rows"].size(), 10u);
  // Deleting frees a place.
  EXPECT_EQ(Call(*service, "DELETE", "/v1/sessions/" + a).status, 200);
  EXPECT_EQ(Call(*service, "POST", "/v1/sessions").status, 201);
}

TEST(ServiceLimits, IdleSessionsExpire) {
  TempDir dir;
  ServiceOptions options;
  options.standard_paths = {dir.Write("small.rubric", kSmall)};
  options.limits.session_idle_seconds = 0.05;
  auto service = Started(options);
  const std::string id = Body(Call(*service, "POST", "/v1/sessions"))["session"];
  EXPECT_EQ(Call(*service, "GET", "/v1/sessions/" + id).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  service->Sweep();
  EXPECT_EQ(Call(*service, "GET", "/v1/sessions/" + id).status, 404);
}

TEST(ServiceReload, AtomicAndRefusedWhenBroken) {
  TempDir dir;
  ServiceOptions options;
  const std::string path = dir.Write("small.rubric", kSmall);
  options.standard_paths = {path};
  auto service = Started(options);
  const std::string old_hash =
      Body(Call(*service, "GET", "/v1/standards"))["standards"][0]["content_hash"];
  const std::string session = Body(Call(*service, "POST", "/v1/sessions"))["session"];
  // A standard that no longer compiles: refused with its diagnostics, the old one stays.
  dir.Write("small.rubric", "standard small \"Small\" { total 10 indicator T1 \"x\" points 5 {");
  const Response refused = Call(*service, "POST", "/v1/reload");
  EXPECT_EQ(refused.status, 422);
  const json diagnostics = Body(refused)["error"]["diagnostics"];
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0]["file"], path);
  EXPECT_GT(diagnostics[0]["line"].get<int>(), 0);
  EXPECT_EQ(Body(Call(*service, "GET", "/v1/standards"))["standards"][0]["content_hash"], old_hash);
  EXPECT_EQ(Call(*service, "POST", "/v1/score", Rows(1, 85)).status, 200);
  // A good change is taken at once; a session keeps the version it was created with.
  std::string changed = kSmall;
  changed.replace(changed.find("ratio(x, 100)"), 13, "ratio(x, 200)");
  changed.replace(changed.find("version \"1\""), 11, "version \"2\"");
  dir.Write("small.rubric", changed);
  const Response reloaded = Call(*service, "POST", "/v1/reload");
  ASSERT_EQ(reloaded.status, 200) << reloaded.body;
  EXPECT_EQ(Body(reloaded)["generation"], 2);
  EXPECT_EQ(Body(reloaded)["standards"][0]["version"], "2");
  EXPECT_DOUBLE_EQ(
      Body(Call(*service, "POST", "/v1/score", Rows(1, 85)))["rows"][0]["total"].get<double>(),
      4.25);
  const json old = Body(Call(*service, "POST", "/v1/sessions/" + session + "/values", Rows(1, 85)));
  EXPECT_EQ(old["standard"]["version"], "1");
  EXPECT_DOUBLE_EQ(old["rows"][0]["total"].get<double>(), 8.5);
  // A pinned hash of the old version is now a conflict.
  const Response pinned = Call(*service, "POST", "/v1/score",
                               json{{"content_hash", old_hash}, {"rows", json::array()}}.dump());
  EXPECT_EQ(pinned.status, 409);
}

TEST(DecisionLog, OneLinePerRowWithStandardAndInputs) {
  TempDir dir;
  ServiceOptions options;
  options.standard_paths = {dir.Write("small.rubric", kSmall)};
  options.log_path = dir.path("decisions.jsonl");
  {
    auto service = Started(options);
    ASSERT_EQ(Call(*service, "POST", "/v1/score", Rows(3, 85)).status, 200);
    ASSERT_EQ(Call(*service, "POST", "/v1/score", Rows(1, 10)).status, 200);
  }
  std::istringstream lines(testing::ReadFileOrDie(options.log_path));
  std::vector<json> records;
  for (std::string line; std::getline(lines, line);) records.push_back(json::parse(line));
  ASSERT_EQ(records.size(), 4u);
  // The records rubric score --log writes (rubric/audit.h): one run per request.
  EXPECT_EQ(records[0]["standard"]["id"], "small");
  EXPECT_EQ(records[0]["standard"]["version"], "1");
  EXPECT_EQ(records[0]["standard"]["hash"], Standard::Compile(kSmall).standard->content_hash());
  EXPECT_EQ(records[0]["rows"], 3);
  EXPECT_EQ(records[3]["rows"], 1);
  EXPECT_NE(records[0]["run"], records[3]["run"]);
  EXPECT_EQ(records[0]["inputs"]["x"], 85);
  EXPECT_DOUBLE_EQ(records[0]["total"].get<double>(), 8.5);
  EXPECT_EQ(records[3]["grade"], "B");
  EXPECT_EQ(records[3]["vetoes"], json::array());
}

}  // namespace
}  // namespace rubric::service
