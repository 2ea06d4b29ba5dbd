-- wrk script: POST /api/reports with a fresh Idempotency-Key and a point inside a random grid each time.
-- Environment: FQ_COOKIE ("JSESSIONID=..." of a signed-in staff session), FQ_CSRF (the page's <meta name="_csrf">
-- token of that session), FQ_CATEGORY (a category code), FQ_POINTS ("lon,lat;lon,lat;..." inside grids, e.g.
-- select string_agg(centroid_lon || ',' || centroid_lat, ';') from area where level = 'GRID').
-- Run: wrk -t1 -c16 -d15s -s scripts/intake-wrk.lua http://localhost:8090/
local cookie = os.getenv("FQ_COOKIE")
local csrf = os.getenv("FQ_CSRF")
local category = os.getenv("FQ_CATEGORY")
local points = {}
for lon, lat in string.gmatch(os.getenv("FQ_POINTS"), "([%d.]+),([%d.]+)") do
  points[#points + 1] = { lon, lat }
end
local counter = 0
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

init = function(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
end

request = function()
  counter = counter + 1
  local p = points[math.random(#points)]
  local key = string.format("wrk-%d-%d-%d-%d", tid or 0, os.time(), counter, math.random(1, 1000000000))
  local body = '{"channel":"COUNTER","categoryCode":"' .. category .. '","description":"wrk load report",'
    .. '"lon":' .. p[1] .. ',"lat":' .. p[2] .. '}'
  return wrk.format("POST", "/api/reports", {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Cookie"] = cookie,
    ["X-CSRF-TOKEN"] = csrf,
    ["Idempotency-Key"] = key,
  }, body)
end

local created, other = 0, 0
response = function(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx %d, errors (connect/read/write/timeout) %d/%d/%d/%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  io.write(string.format("reports/s %.0f  p50 %.1f ms  p99 %.1f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
