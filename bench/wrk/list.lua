-- wrk script: a filtered list, GET /api/v1/systems?province=P&level=L&limit=50, with the
-- province and level drawn at random; bearer token in $BENCH_TOKEN. Prints one "BENCH ..." line.
local token = os.getenv("BENCH_TOKEN") or ""
local provinces = { "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33",
  "37", "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86",
  "91", "92", "96" }
local thread_seed = 0

setup = function(thread)
  thread_seed = thread_seed + 1
  thread:set("seed", thread_seed)
end

init = function(args)
  math.randomseed(os.time() * 100 + (seed or 0))
end

request = function()
  local path = string.format("/api/v1/systems?province=%s&level=%d&limit=50",
    provinces[math.random(#provinces)], math.random(1, 3))
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d" ..
    " connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.connect, e.read, e.write, e.status, e.timeout))
end
