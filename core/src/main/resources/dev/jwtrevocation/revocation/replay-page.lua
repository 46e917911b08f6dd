-- One page of a mirror's replay of the change log (ServerFeed, ChangeLog): the keys logged
-- after a position, each read now with its PTTL (and value, for a cutoff). The position is an entry
-- the log must still hold: if it was trimmed away, or the log was flushed and begun again,
-- what happened since cannot be told and the mirror reloads.
-- ARGV[1] the position: the id of the latest entry whose change the copy holds
-- ARGV[2] the most entries in one page
-- ARGV[3] the suffix of a cutoff key (:cutoff)
-- ARGV[4] the change log (jr:log:{#}): on one server only, read, never declared, so that a
--         mirror's read-only user needs no write access to it (EVAL asks write access to its KEYS)
-- Returns {'' if the log no longer holds the position}, or {the id of the page's last entry
-- (the position if the page is empty), how many entries the page read, then one line per
-- key, "<pttl> <key>", or "<pttl> <value> <key>" for a cutoff; "-2 <key>" when it is gone}.

if #redis.call('XRANGE', ARGV[4], ARGV[1], ARGV[1]) == 0 then
  return { '' }
end
local entries = redis.call('XRANGE', ARGV[4], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
local out = { ARGV[1], #entries }
for _, entry in ipairs(entries) do
  out[1] = entry[1]
  local key = entry[2][2]
  local ttl = redis.call('PTTL', key)
  if ttl ~= -2 and string.sub(key, -#ARGV[3]) == ARGV[3] then
    local value = redis.call('GET', key)
    if value then
      out[#out + 1] = ttl .. ' ' .. value .. ' ' .. key
    else
      out[#out + 1] = '-2 ' .. key
    end
  else
    out[#out + 1] = ttl .. ' ' .. key
  end
end
return out
