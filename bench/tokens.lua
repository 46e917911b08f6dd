-- wrk script: sends the tokens of TOKENS_FILE (one per line) in round robin, each thread
-- starting at its own offset, so that a run is not one hot token in every cache.
local tokens = {}
local index = 0

function init(args)
  local file = assert(io.open(os.getenv("TOKENS_FILE") or "tokens.txt", "r"))
  for line in file:lines() do
    tokens[#tokens + 1] = "Bearer " .. line
  end
  file:close()
  index = math.random(#tokens)
end

function request()
  index = index % #tokens + 1
  wrk.headers["Authorization"] = tokens[index]
  return wrk.format()
end
