-- One entry of the audit trail (RevocationTrail): appended, with the trail capped by count
-- and by age in the same step, so that its memory has a bound without any cleanup job.
-- Trimming is approximate ('~'): Redis drops whole nodes of the stream, which costs
-- nothing per entry; the trail may then hold a node's worth (100 entries) more.
-- KEYS[1] the trail (jr:audit:{a})
-- ARGV[1] the most entries it keeps
-- ARGV[2] how long it keeps an entry, ms
-- ARGV[3..] the entry's fields and values, alternating
-- Returns the entry's id: its time on Redis's clock, ms, and a sequence number.

local now = redis.call('TIME')
local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 3))
redis.call('XTRIM', KEYS[1], 'MINID', '~', string.format('%d', millis - tonumber(ARGV[2])))
return id
