-- Creates a user unless the name is taken (UserStore): two registrations racing for one
-- name cannot both win, and a user is never half written.
-- KEYS[1] the user (jr:user:{<user>})
-- ARGV[1] the username as registered
-- ARGV[2] the password hash
-- ARGV[3] the roles, comma separated
-- ARGV[4] the creation instant, ISO-8601
-- Returns 1 when created, 0 when the name is taken.

if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'username', ARGV[1], 'password', ARGV[2], 'roles', ARGV[3], 'created_at', ARGV[4])
return 1
