-- The one wrk script of bench/http/run.sh: wrk ... -s bench/http/wrk.lua URL -- MODE [DEPTH]
--   plaintext        GET the URL (the default request; wrk builds it once)
--   pipeline DEPTH   DEPTH GET requests of the URL in one write, answered before the next batch (pipelining)
--   echo             POST a 4 KiB body (4096 bytes of "x", application/octet-stream) to the URL
-- done() prints one line "RESULT key=value ..." that run.sh parses: counts, errors, latency percentiles in µs.

local batch

function init(args)
   local mode = args[1] or "plaintext"
   if mode == "echo" then
      wrk.method = "POST"
      wrk.body = string.rep("x", 4096)
      wrk.headers["Content-Type"] = "application/octet-stream"
   elseif mode == "pipeline" then
      local depth = tonumber(args[2]) or 16
      local r = {}
      for i = 1, depth do
         r[i] = wrk.format()
      end
      batch = table.concat(r)
      request = function()
         return batch
      end
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d "
         .. "p50_us=%d p90_us=%d p99_us=%d mean_us=%.1f max_us=%d\n",
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
