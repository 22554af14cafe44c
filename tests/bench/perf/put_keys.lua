-- wrk: PUT /db/<key> with a 100-byte value, keys drawn at random from a million names.
local body = string.rep("v", 100)
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
function request()
  return wrk.format("PUT", "/db/wrk-" .. math.random(1000000), nil, body)
end
