-- Kiosk tickets for random services.
-- wrk -s issue.lua URL -- PATH TOKEN CODES [PAUSE_MS]   (TOKEN "-" sends none)
local path, token, codes, pause

function init(args)
  path, token, pause = args[1], args[2], tonumber(args[4] or "0")
  codes = {}
  for code in string.gmatch(args[3], "[^,]+") do codes[#codes + 1] = code end
  math.randomseed(os.time())
end

function request()
  local headers = { ["Content-Type"] = "application/json" }
  if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
  local body = '{"service":"' .. codes[math.random(#codes)] .. '","channel":"kiosk"}'
  return wrk.format("POST", path, headers, body)
end

function delay()
  return pause
end
