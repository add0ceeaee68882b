-- A paced mix of GraphQL requests for wrk (the soak drill): `rate` requests/s over the whole run,
-- each request drawn from the mix written by bench/drills/soak.py into the file named by the
-- environment variable SOAK_MIX. wrk measures each latency from the moment a request is sent;
-- a request whose slot has passed (every connection busy) is sent at once, so a server slower
-- than the pace shows as a lower rate. An answer is an error unless it is HTTP 200 without a
-- GraphQL or payload error. done() prints one JSON line starting with "SOAK ".
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } sijill_timespec;
int clock_gettime(int clk_id, sijill_timespec *tp);
]]
local clock = ffi.new("sijill_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local mix = dofile(os.getenv("SOAK_MIX"))
local threads, first_ms, sent = {}, nil, 0
local slot_ms = 1000 * mix.threads / mix.rate -- each thread keeps its share of the pace
local thread_id = 0
enrolled, errors, samples = 0, 0, {} -- globals: done() reads them with thread:get

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  math.randomseed(7 + thread_id)
end

function delay()
  local now = now_ms()
  first_ms = first_ms or now
  local due = first_ms + sent * slot_ms
  sent = sent + 1
  if due > now then return math.floor(due - now) end
  return 0
end

local function pick()
  local r, acc = math.random() * mix.total_weight, 0
  for _, kind in ipairs(mix.kinds) do
    acc = acc + kind.weight
    if r <= acc then return kind end
  end
  return mix.kinds[#mix.kinds]
end

local function fill(template)
  return (template:gsub("@(%u+)@", function(name)
    if name == "ID" then return mix.citizens[math.random(#mix.citizens)] end
    if name == "NAME" then return mix.names[math.random(#mix.names)] end
    if name == "NUM" then return string.format("ZZ%07d", math.random(0, 9999999)) end
    if name == "NID" then return string.format("%s%06d", mix.national_id_prefix, enrolled * mix.threads + thread_id) end
    if name == "RID" then return string.format("%s%08x%016x", mix.request_id_prefix, thread_id, enrolled) end
  end))
end

function request()
  local kind = pick()
  if kind.name == "enrol" then enrolled = enrolled + 1 end
  return wrk.format("POST", "/graphql", kind.staff and mix.staff or mix.public, fill(kind.body))
end

function response(status, headers, body)
  local why = nil
  if status ~= 200 then
    why = "HTTP " .. status
  elseif body:find('"errors":%s*%[%s*{') then
    why = "errors"
  end
  if why then
    errors = errors + 1
    if #samples < 5 then table.insert(samples, why .. ": " .. body:sub(1, 300)) end
  end
end

local function quoted(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local bad, enrols, texts = 0, 0, {}
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("errors")
    enrols = enrols + thread:get("enrolled")
    for _, s in ipairs(thread:get("samples")) do table.insert(texts, quoted(s)) end
  end
  local e = summary.errors
  io.write(string.format(
    'SOAK {"requests": %d, "duration_us": %d, "answer_errors": %d, "socket_errors": ' ..
    '{"connect": %d, "read": %d, "write": %d, "timeout": %d}, "non_2xx": %d, ' ..
    '"p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "enrolments": %d, "samples": [%s]}\n',
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, enrols,
    table.concat(texts, ", ")))
end
