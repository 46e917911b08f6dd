-- wrk script: POSTs the logout tokens of TOKENS_FILE (one per line) to the back-channel logout
-- endpoint, each at most once: thread k of n sends lines k, k + n, k + 2n, ... and stops when its
-- share is spent, so that no request is a replay. Run it for less time than the tokens last.
local tokens = {}
local index = 0
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("TOKENS_FILE") or "logout-tokens.txt", "r"))
  local count = tonumber(os.getenv("THREADS") or "1")
  local line_number = 0
  for line in file:lines() do
    if line_number % count == (id - 1) then
      tokens[#tokens + 1] = "logout_token=" .. line
    end
    line_number = line_number + 1
  end
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  index = index + 1
  if index > #tokens then
    -- this thread's share is spent: a harmless request while it stops
    wrk.thread:stop()
    return wrk.format("GET", "/livez", {}, nil)
  end
  wrk.body = tokens[index]
  return wrk.format()
end
