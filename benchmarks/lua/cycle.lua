-- Counters working through a queue: call next -> start -> finish, over and over.
-- Each request goes to a counter with no request in flight, so no call meets a busy counter.
-- wrk -s cycle.lua URL -- BASE TOKEN ID:NUMBER,ID:NUMBER,... [PAUSE_MS]
local base, token, pause
local counters, by_number, owner, current, busy = {}, {}, {}, {}, {}
local turn = 0

function init(args)
  base, token, pause = args[1], args[2], tonumber(args[4] or "0")
  for id, number in string.gmatch(args[3], "(%d+):(%d+)") do
    counters[#counters + 1] = id
    by_number[number] = id
  end
end

local function free_counter()
  for _ = 1, #counters do
    turn = turn % #counters + 1
    if not busy[counters[turn]] then return counters[turn] end
  end
  return counters[math.random(#counters)]
end

function request()
  local counter = free_counter()
  busy[counter] = true
  local ticket, path = current[counter], nil
  if ticket == nil then
    path = base .. "/counters/" .. counter .. "/call-next"
  elseif ticket.status == "called" then
    path = base .. "/tickets/" .. ticket.id .. "/start"
  else
    path = base .. "/tickets/" .. ticket.id .. "/finish"
  end
  local headers = { ["Content-Type"] = "application/json" }
  if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", path, headers, "{}")
end

function response(status, headers, body)
  local id = string.match(body, '"id": ?"([%x-]+)"')
  local number = string.match(body, '"counter": ?(%d+)')
  local counter = (number and by_number[number]) or (id and owner[id])
  if not counter then return end
  busy[counter] = nil
  local state = string.match(body, '"status": ?"([%a_]+)"')
  if state == "called" or state == "serving" then
    current[counter] = { id = id, status = state }
    owner[id] = counter
  else
    current[counter] = nil
    if id then owner[id] = nil end
  end
end

function delay()
  return pause
end
