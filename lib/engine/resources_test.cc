#include "engine/resources.h"

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>

#include "engine/resources_lambda.h"
#include "process/test_support.h"

namespace sfn::engine {
namespace {

ResourceMapParse ParseText(const std::string& name, const std::string& text,
                           const std::string& base_dir = "/base") {
  loader::LoadResult loaded = loader::LoadText(name, text);
  REQUIRE(loaded.document);
  return ResourceMap::Parse(*loaded.document, base_dir);
}

ResourceMap ParseOk(const std::string& text, const std::string& base_dir = "/base") {
  ResourceMapParse parsed = ParseText("resources.yaml", text, base_dir);
  for (const auto& d : parsed.diagnostics) INFO(d.message);
  REQUIRE(parsed.map);
  CHECK(parsed.diagnostics.empty());
  return std::move(*parsed.map);
}

std::string KeyFor(const ResourceCommand* command) { return command ? command->key : "<none>"; }

TEST_CASE("resources: pattern matching") {
  struct Case {
    const char* pattern;
    const char* text;
    bool matches;
  };
  const Case cases[] = {
      {"abc", "abc", true},
      {"abc", "abd", false},
      {"*", "", true},
      {"*", "anything", true},
      {"a*", "a", true},
      {"a*c", "abbbc", true},
      {"a*c", "abbbcd", false},
      {"*sendMessage*", "arn:aws:states:::sqs:sendMessage.waitForTaskToken", true},
      {"arn:aws:states:::sqs:*", "arn:aws:states:::sns:publish", false},
      {"a*b*c", "axxbyyc", true},
      {"a*b*c", "axxcyyb", false},
      {"**", "x", true},
      {"a?c", "abc", false},  // only '*' is special
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.pattern));
    CAPTURE(std::string(c.text));
    CHECK(MatchesPattern(c.pattern, c.text) == c.matches);
  }
}

TEST_CASE("resources: pattern matching of a long text stays fast") {
  std::string text(200000, 'a');
  std::string pattern = "*a*a*a*a*b";
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(MatchesPattern(pattern, text));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("resources: argv and object entries") {
  ResourceMap map = ParseOk(
      "arn:aws:lambda:us-east-1:123456789012:function:price: [\"python3\", \"fns/price.py\"]\n"
      "\"arn:aws:states:::sqs:sendMessage*\": {command: [\"./fns/send.sh\", \"-v\"], env: {QUEUE: local, N: "
      "3, B: "
      "true}, cwd: \"fns\", timeout: 1.5}\n"
      "abs: {command: [\"/bin/true\"], cwd: \"/tmp\"}\n");
  REQUIRE(map.commands().size() == 3);
  const ResourceCommand& price = map.commands()[0];
  CHECK(price.argv == std::vector<std::string>{"python3", "fns/price.py"});  // no '/' in argv[0]: PATH search
  CHECK(price.cwd == "/base");
  CHECK_FALSE(price.timeout);
  CHECK(price.location.line == 1);
  CHECK(price.location.column == 1);
  const ResourceCommand& send = map.commands()[1];
  CHECK(send.argv == std::vector<std::string>{"/base/fns/send.sh", "-v"});
  CHECK(send.cwd == "/base/fns");
  CHECK(send.env ==
        std::vector<std::pair<std::string, std::string>>{{"QUEUE", "local"}, {"N", "3"}, {"B", "true"}});
  REQUIRE(send.timeout);
  CHECK(send.timeout->count() == 1500);
  CHECK(send.location.line == 2);
  const ResourceCommand& abs = map.commands()[2];
  CHECK(abs.argv[0] == "/bin/true");
  CHECK(abs.cwd == "/tmp");
}

TEST_CASE("resources: without a base folder paths stay as written") {
  ResourceMap map = ParseOk("x: [\"./run.sh\"]\n", "");
  CHECK(map.commands()[0].argv[0] == "./run.sh");
  CHECK(map.commands()[0].cwd.empty());
}

TEST_CASE("resources: exact keys win over patterns, the longest pattern wins") {
  ResourceMap map = ParseOk(
      "\"*\": [\"any\"]\n"
      "\"arn:aws:states:::sqs:*\": [\"sqs\"]\n"
      "\"arn:aws:states:::sqs:send*\": [\"send\"]\n"
      "\"arn:aws:states:::sqs:sendMessage\": [\"exact\"]\n"
      "\"arn:aws:states:::sns:p*\": [\"sns1\"]\n"
      "\"arn:aws:states:::sns:*h\": [\"sns2\"]\n"
      "\"arn:aws:states:::*:publish\": [\"publish\"]\n");
  struct Case {
    const char* resource;
    const char* key;
  };
  const Case cases[] = {
      {"arn:aws:states:::sqs:sendMessage", "arn:aws:states:::sqs:sendMessage"},
      {"arn:aws:states:::sqs:sendMessage.waitForTaskToken", "arn:aws:states:::sqs:send*"},
      {"arn:aws:states:::sqs:receiveMessage", "arn:aws:states:::sqs:*"},
      {"arn:aws:states:::sns:publish", "arn:aws:states:::*:publish"},
      {"arn:aws:states:::sns:publisH", "arn:aws:states:::sns:p*"},
      {"arn:aws:states:::sns:pubh", "arn:aws:states:::sns:p*"},  // equal length: the first written
      {"arn:aws:states:::sns:xh", "arn:aws:states:::sns:*h"},
      {"arn:aws:states:::dynamodb:putItem", "*"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.resource));
    CHECK(KeyFor(map.Lookup(c.resource)) == c.key);
  }
}

TEST_CASE("resources: function lookup by name, qualifier, partial and full ARN") {
  ResourceMap map = ParseOk(
      "price: [\"price\"]\n"
      "\"price:prod\": [\"price-prod\"]\n"
      "arn:aws:lambda:us-east-1:123456789012:function:ship: [\"ship\"]\n"
      "\"arn:aws:lambda:us-east-1:123456789012:function:ship:beta\": [\"ship-beta\"]\n"
      "\"arn:aws:lambda:*:function:gen-*\": [\"gen\"]\n"
      "\"tax*\": [\"tax\"]\n");
  struct Case {
    const char* reference;
    const char* key;
  };
  const Case cases[] = {
      {"price", "price"},
      {"price:prod", "price:prod"},
      {"price:dev", "price"},
      {"123456789012:function:price", "price"},
      {"arn:aws:lambda:us-east-1:123456789012:function:price", "price"},
      {"arn:aws:lambda:us-east-1:123456789012:function:price:prod", "price:prod"},
      {"ship", "arn:aws:lambda:us-east-1:123456789012:function:ship"},
      {"ship:beta", "arn:aws:lambda:us-east-1:123456789012:function:ship"},  // written first, unqualified
      {"arn:aws:lambda:us-east-1:123456789012:function:ship:beta",
       "arn:aws:lambda:us-east-1:123456789012:function:ship:beta"},
      {"arn:aws:lambda:eu-west-1:1:function:gen-report", "arn:aws:lambda:*:function:gen-*"},
      {"taxes", "tax*"},
      {"unknown", "<none>"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.reference));
    CHECK(KeyFor(map.LookupFunction(c.reference)) == c.key);
  }
  CHECK(map.HasFunctionCommands());
}

TEST_CASE("resources: only integration keys serve no function") {
  ResourceMap map = ParseOk("\"arn:aws:states:::sqs:sendMessage\": [\"x\"]\n");
  CHECK_FALSE(map.HasFunctionCommands());
  CHECK(ParseOk("\"arn:aws:states:::lambda:invoke\": [\"x\"]\n").HasFunctionCommands());
}

TEST_CASE("resources: errors carry their line and column") {
  struct Case {
    const char* name;
    const char* text;
    int line;
    int column;
    const char* message;
  };
  const Case cases[] = {
      {"r.yaml", "- a\n- b\n", 1, 1, "a resources file must map Resource strings to commands"},
      {"r.yaml", "ok: [\"x\"]\nbad: []\n", 2, 6,
       "the command for 'bad' must be a non-empty array of strings"},
      {"r.yaml", "bad: \"x\"\n", 1, 6, "the command for 'bad' must be a non-empty array of strings"},
      {"r.yaml", "bad: [\"x\", 3]\n", 1, 12,
       "argument 1 of the command for 'bad' must be a string without NUL "
       "characters"},
      {"r.yaml", "bad: [\"\"]\n", 1, 7, "the program of the command for 'bad' is empty"},
      {"r.yaml", "bad:\n  command: [\"x\"]\n  shell: true\n", 3, 3,
       "unknown field 'shell' in the entry for 'bad' (expected 'command', 'env', 'cwd' or 'timeout')"},
      {"r.yaml", "bad: {env: {}}\n", 1, 6, "the entry for 'bad' has no 'command'"},
      {"r.yaml", "bad: {command: [x], env: {A: [1]}}\n", 1, 30,
       "environment variable 'A' of the entry for 'bad' must be a string, a number or a boolean"},
      {"r.yaml", "bad: {command: [x], env: []}\n", 1, 26, "'env' of the entry for 'bad' must be an object"},
      {"r.yaml", "bad: {command: [x], cwd: 3}\n", 1, 26,
       "'cwd' of the entry for 'bad' must be a non-empty string"},
      {"r.yaml", "bad: {command: [x], timeout: 0}\n", 1, 30,
       "'timeout' of the entry for 'bad' must be a number of seconds above 0"},
      {"r.json", "{\n  \"a\": [\"x\"],\n  \"b\": {\"command\": [\"y\"], \"timeout\": \"5\"}\n}\n", 3, 38,
       "'timeout' of the entry for 'b' must be a number of seconds above 0"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.text));
    ResourceMapParse parsed = ParseText(c.name, c.text);
    CHECK_FALSE(parsed.map);
    REQUIRE(parsed.diagnostics.size() == 1);
    const diag::Diagnostic& d = parsed.diagnostics[0];
    CHECK(d.code == "SFN010");
    CHECK(d.location.file == c.name);
    CHECK(d.location.line == c.line);
    CHECK(d.location.column == c.column);
    CHECK(d.message == c.message);
  }
}

TEST_CASE("resources: every error of a file is reported") {
  ResourceMapParse parsed = ParseText("r.yaml", "a: []\nb: {command: [x], cwd: \"\"}\nc: [\"ok\"]\n");
  CHECK_FALSE(parsed.map);
  REQUIRE(parsed.diagnostics.size() == 2);
  CHECK(parsed.diagnostics[0].location.line == 1);
  CHECK(parsed.diagnostics[1].location.line == 2);
}

TEST_CASE("resources: loading a file resolves paths from its folder") {
  process::testing::TempDir dir;
  {
    std::ofstream out(dir.File("res.json"));
    out << R"({"x": {"command": ["./bin/run", "arg"], "cwd": "work"}})";
  }
  std::istringstream no_stdin;
  ResourceMapParse parsed = LoadResourceMap(dir.File("res.json"), no_stdin);
  REQUIRE(parsed.map);
  CHECK(parsed.map->commands()[0].argv[0] == dir.path() + "/bin/run");
  CHECK(parsed.map->commands()[0].cwd == dir.path() + "/work");

  ResourceMapParse missing = LoadResourceMap(dir.File("none.yaml"), no_stdin);
  CHECK_FALSE(missing.map);
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].code == "SFN001");

  std::istringstream stdin_text("x: [\"./run.sh\"]\n");
  ResourceMapParse from_stdin = LoadResourceMap("-", stdin_text);
  REQUIRE(from_stdin.map);
  CHECK(from_stdin.map->commands()[0].argv[0] == "./run.sh");
}

TEST_CASE("resources: resource kinds") {
  struct Case {
    const char* resource;
    ResourceKind kind;
  };
  const Case cases[] = {
      {"arn:aws:states:::lambda:invoke", ResourceKind::kLambdaInvoke},
      {"arn:aws-cn:states:::lambda:invoke", ResourceKind::kLambdaInvoke},
      {"arn:aws:states:::lambda:invoke.waitForTaskToken", ResourceKind::kLambdaInvokeCallback},
      {"arn:aws:lambda:us-east-1:123456789012:function:f", ResourceKind::kLambdaFunction},
      {"arn:aws:lambda:us-east-1:123456789012:function:f:prod", ResourceKind::kLambdaFunction},
      {"arn:aws:states:::sqs:sendMessage", ResourceKind::kOther},
      {"arn:aws:states:::lambda:invoke.sync", ResourceKind::kOther},
      {"arn:aws:states:us-east-1:123456789012:activity:a", ResourceKind::kOther},
      {"arn:aws:lambda:us-east-1:123456789012:layer:l", ResourceKind::kOther},
      {"price", ResourceKind::kOther},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.resource));
    CHECK(ClassifyResource(c.resource) == c.kind);
  }
}

TEST_CASE("resources: function references") {
  struct Case {
    const char* reference;
    const char* name;  // nullptr: not a reference
    const char* qualifier;
  };
  const Case cases[] = {
      {"f", "f", ""},
      {"f:prod", "f", "prod"},
      {"123456789012:function:f", "f", ""},
      {"123456789012:function:f:7", "f", "7"},
      {"arn:aws:lambda:us-east-1:123456789012:function:f", "f", ""},
      {"arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", "f", "$LATEST"},
      {"arn:aws:states:::lambda:invoke", nullptr, ""},
      {"a:b:c", nullptr, ""},
      {"", nullptr, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.reference));
    std::optional<FunctionRef> ref = ParseFunctionRef(c.reference);
    if (c.name == nullptr) {
      CHECK_FALSE(ref);
      continue;
    }
    REQUIRE(ref);
    CHECK(ref->name == c.name);
    CHECK(ref->qualifier == c.qualifier);
  }
}

TEST_CASE("resources: lambda:invoke response shape") {
  auto time = std::chrono::system_clock::time_point(std::chrono::seconds(1770194270));  // 2026-02-04 08:37:50
  InvokeResponseMeta meta = MakeInvokeResponseMeta("seed", time);
  CHECK(meta.date == "Wed, 04 Feb 2026 08:37:50 GMT");
  CHECK(meta.request_id.size() == 36);
  CHECK(meta.request_id[14] == '4');
  CHECK(MakeInvokeResponseMeta("seed", time).request_id == meta.request_id);
  CHECK(MakeInvokeResponseMeta("other", time).request_id != meta.request_id);
  CHECK(meta.trace_id.rfind("Root=1-", 0) == 0);

  Json response =
      MakeInvokeResponse(Json{{"status", "completed"}}, 23, InvokeResponseMeta{"id", "date", "trace"});
  Json expected = Json::parse(R"({
    "ExecutedVersion": "$LATEST",
    "Payload": {"status": "completed"},
    "SdkHttpMetadata": {
      "AllHttpHeaders": {"X-Amz-Executed-Version": ["$LATEST"],
                         "x-amzn-Remapped-Content-Length": ["0"], "Connection": ["keep-alive"],
                         "x-amzn-RequestId": ["id"], "Content-Length": ["23"], "Date": ["date"],
                         "X-Amzn-Trace-Id": ["trace"], "Content-Type": ["application/json"]},
      "HttpHeaders": {"Connection": "keep-alive", "Content-Length": "23",
                      "Content-Type": "application/json", "Date": "date", "X-Amz-Executed-Version": "$LATEST",
                      "x-amzn-Remapped-Content-Length": "0", "x-amzn-RequestId": "id",
                      "X-Amzn-Trace-Id": "trace"},
      "HttpStatusCode": 200},
    "SdkResponseMetadata": {"RequestId": "id"},
    "StatusCode": 200})");
  CHECK(DumpCompact(response) == DumpCompact(expected));
  CHECK(HttpDate(std::chrono::system_clock::time_point()) == "Thu, 01 Jan 1970 00:00:00 GMT");
}

// The wrapper must have the member structure of AWS's recorded lambda:invoke results (values are masked
// there).
TEST_CASE("resources: lambda:invoke response matches the recorded conformance shape") {
  std::string path =
      std::string(SFN_SHARED_DIR) +
      "/conformance/executions-lambda/services__test_lambda_task_service__test_invoke/expected.json";
  std::ifstream in(path);
  if (!in) {
    MESSAGE("conformance data not found, skipping: " << path);
    return;
  }
  Json expected = Json::parse(in)["output"];
  Json response = MakeInvokeResponse(expected["Payload"], 2, MakeInvokeResponseMeta("x", {}));
  std::function<void(const Json&, const Json&, const std::string&)> same_shape =
      [&](const Json& a, const Json& b, const std::string& at) {
        CAPTURE(at);
        if (!a.is_object()) return;
        REQUIRE(b.is_object());
        std::vector<std::string> keys_a, keys_b;
        for (const auto& [k, v] : a.items()) keys_a.push_back(k);
        for (const auto& [k, v] : b.items()) keys_b.push_back(k);
        CHECK(keys_a == keys_b);
        for (const auto& [k, v] : a.items()) {
          if (b.contains(k)) same_shape(v, b[k], at + "/" + k);
        }
      };
  Json expected_without_final = expected;
  expected_without_final.erase("final");
  same_shape(expected_without_final, response, "");
  CHECK(response["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == "2");
  CHECK(response["StatusCode"] == 200);
}

}  // namespace
}  // namespace sfn::engine
