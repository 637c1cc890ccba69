-- `search-fresh`: every request searches a pair of terms no earlier request asked for, so neither
-- the page cache nor a per-query cache can answer it. The terms (URL-encoded) come after `--`;
-- the report is the other targets' (wrk_report.lua).
dofile("bench/wrk_report.lua")

local next_offset = 0
setup = function(thread)
  thread:set("offset", next_offset)
  next_offset = next_offset + 1
end

local terms = {}
local sent = 0
init = function(args)
  for i, term in ipairs(args) do
    terms[i] = term
  end
end

request = function()
  local n = #terms
  -- 2 wrk threads interleave: thread t sends the pairs t, t + 2, t + 4, …
  local k = sent * 2 + offset
  sent = sent + 1
  local first = terms[(k % n) + 1]
  local second = terms[(math.floor(k / n) % n) + 1]
  local third = terms[(math.floor(k / (n * n)) % n) + 1]
  return wrk.format(nil, wrk.path .. first .. "%20" .. second .. "%20" .. third)
end
