-- wrk script for bench/forgery-flood.sh: a paced flood of forgeries from FORGERIES_FILE (one per
-- line, round robin). FORGERY=access sends each as a bearer token to GET /api/me; FORGERY=refresh
-- posts each to /auth/refresh. Every connection waits DELAY_MS before each request, so the rate is
-- about connections * 1000 / DELAY_MS whatever the answers cost.
local forgeries = {}
local index = 0
local refresh = os.getenv("FORGERY") == "refresh"
local pause = tonumber(os.getenv("DELAY_MS") or "20")

function init(args)
  local file = assert(io.open(os.getenv("FORGERIES_FILE"), "r"))
  for line in file:lines() do
    forgeries[#forgeries + 1] = line
  end
  file:close()
  index = math.random(#forgeries)
end

function delay()
  return pause
end

function request()
  index = index % #forgeries + 1
  if refresh then
    return wrk.format("POST", "/auth/refresh", {["Content-Type"] = "application/json"},
      '{"refresh_token":"' .. forgeries[index] .. '"}')
  end
  return wrk.format("GET", "/api/me", {["Authorization"] = "Bearer " .. forgeries[index]})
end

-- answers by status, per thread, summed in done()
n401, n429, n503, nother = 0, 0, 0, 0
function response(status, headers, body)
  if status == 401 then n401 = n401 + 1
  elseif status == 429 then n429 = n429 + 1
  elseif status == 503 then n503 = n503 + 1
  else nother = nother + 1 end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local counts = {0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    counts[1] = counts[1] + thread:get("n401")
    counts[2] = counts[2] + thread:get("n429")
    counts[3] = counts[3] + thread:get("n503")
    counts[4] = counts[4] + thread:get("nother")
  end
  io.write(string.format("flood: %.0f %d %d %d %d %d\n", summary.requests / (summary.duration / 1e6),
    summary.requests, counts[1], counts[2], counts[3], counts[4]))
end
