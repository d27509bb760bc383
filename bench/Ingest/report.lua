-- wrk script: each request reports a distinct public address as a fail2ban host would (form fields),
-- authenticated with HTTP Basic over keep-alive. Usage: wrk -s report.lua ... -- <user:password base64> [first octet
-- base, default 100: two wrk processes with different bases send different attackers]
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  auth = args[1]
  base = tonumber(args[2]) or 100
  thread_id = id
end

function request()
  counter = counter + 1
  local n = counter
  local ip = string.format("1.%d.%d.%d", base + thread_id, math.floor(n / 250) % 250, (n % 250) + 1)
  local body = "ip=" .. ip .. "&jail=sshd&protocol=tcp&port=ssh&bantime=3600&failures=5&host=web" .. thread_id
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  if auth then headers["Authorization"] = "Basic " .. auth end
  return wrk.format("POST", "/api/v1/reports", headers, body)
end
