-- What a revocation still waits for (RevocationStore): every registered mirror that may
-- still trust a copy without it. Mirrors silent for long past their lease end are dropped.
-- KEYS[1] the sequence (jr:lease:{#}:seq)
-- KEYS[2] the lease registry (jr:lease:{#}:mirrors)
-- KEYS[3] the poke key, written when a new sequence is taken and some mirror is pending, so
--         that its push makes every mirror renew at once (jr:r:{#}:poke)
-- KEYS[4] the latest revocation waiting and how many mirrors it waits for
--         (jr:lease:{#}:waiting), which lease-confirm.lua counts down
-- ARGV[1] the revocation's sequence number, or 0 to take one now
-- ARGV[2] how long after its lease end a silent mirror is forgotten, ms
-- Returns {sequence, mirrors still to confirm it, ms until the last of their leases ends}.

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function parse(entry)
	local lease_end, confirmed, first = string.match(entry, '^(%d+):(%d+):(%d+)$')
	return tonumber(lease_end), tonumber(confirmed), tonumber(first)
end
local seq = tonumber(ARGV[1])
if seq == 0 then seq = redis.call('INCR', KEYS[1]) end
local pending, last_end = 0, now
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
	local lease_end, confirmed, first = parse(entries[i + 1])
	if lease_end + tonumber(ARGV[2]) < now then
		redis.call('HDEL', KEYS[2], entries[i])
	elseif lease_end > now and confirmed < seq and first < seq then
		pending = pending + 1
		last_end = math.max(last_end, lease_end)
	end
end
-- the poke's value does not matter, only its push: it expires rather than stay for ever
if tonumber(ARGV[1]) == 0 and pending > 0 then
	redis.call('SET', KEYS[3], seq, 'PX', 60000)
	redis.call('HSET', KEYS[4], 'seq', seq, 'pending', pending)
	redis.call('PEXPIRE', KEYS[4], 60000)
end
return {seq, pending, last_end - now}
