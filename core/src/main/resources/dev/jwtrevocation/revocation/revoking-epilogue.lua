-- Put after the body of every revoking script (RevokingScript): ends the body's function
-- and returns {what the body returned, {key, ttl ms, key, ttl ms, ...} written}.


end
local result = body()
if result == nil then result = false end
return { result, written }
