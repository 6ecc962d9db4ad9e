-- wrk script: cycle through the paths given after `--`, and count responses by status.
-- Used by scripts/loadtest.py and scripts/faulttest.py.
local paths, threads, n = {}, {}, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for i = 1, #args do paths[i] = args[i] end
  ok, unavailable, server_error, other = 0, 0, 0, 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 503 then unavailable = unavailable + 1
  elseif status >= 500 then server_error = server_error + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = {ok = 0, unavailable = 0, server_error = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f ok=%d unavailable=%d server_error=%d other=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, t.ok, t.unavailable, t.server_error, t.other,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
