-- wrk: GET /db/<key> for keys drawn at random from the file given after `--`.
local keys = {}
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
function request()
  return wrk.format("GET", "/db/" .. keys[math.random(#keys)])
end
