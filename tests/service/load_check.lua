-- wrk script for tests/service/load.py: POSTs the body in $RUBRIC_LOAD_BODY and checks
-- every response against $RUBRIC_LOAD_EXPECTED (status 200 and the exact body).
local function slurp(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

wrk.method = "POST"
wrk.path = "/v1/score"
wrk.headers["Content-Type"] = "application/json"
wrk.body = slurp(os.getenv("RUBRIC_LOAD_BODY"))
expected = slurp(os.getenv("RUBRIC_LOAD_EXPECTED"))
checked = 0
bad = 0

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 or body ~= expected then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_checked, total_bad = 0, 0
  for _, thread in ipairs(threads) do
    total_checked = total_checked + thread:get("checked")
    total_bad = total_bad + thread:get("bad")
  end
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%f p50_us=%f p99_us=%f checked=%d bad=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    total_checked, total_bad,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
