-- wrk script: GET /api/v1/systems/{code} for codes drawn at random from the file named by
-- $BENCH_CODES, with the bearer token in $BENCH_TOKEN. Prints one "BENCH ..." summary line.
local codes = {}
local token = os.getenv("BENCH_TOKEN") or ""
local thread_seed = 0

setup = function(thread)
  thread_seed = thread_seed + 1
  thread:set("seed", thread_seed)
end

init = function(args)
  for line in io.lines(os.getenv("BENCH_CODES")) do
    if #line > 0 then codes[#codes + 1] = line end
  end
  math.randomseed(os.time() * 100 + (seed or 0))
end

request = function()
  local code = codes[math.random(#codes)]
  return wrk.format("GET", "/api/v1/systems/" .. code, { ["Authorization"] = "Bearer " .. token })
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
