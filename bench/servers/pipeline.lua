-- wrk script: every write carries 16 pipelined GET requests (wrk counts each response).
-- Used by bench/compare.ts for the "wrk pipelined" load: what a pipelining client sends.
local depth = 16

init = function(args)
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format(nil, "/")
  end
  pipelined = table.concat(requests)
end

request = function()
  return pipelined
end
