-- wrk script: every request a login for a never-seen username (each costs a password hash)
counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"username":"n%d-%d","password":"some password"}', math.random(1, 1e9), counter)
  return wrk.format("POST", "/auth/login", {["Content-Type"] = "application/json"}, body)
end
