-- Every request files a new problem with its own Idempotency-Key. The request's text is
-- built once per thread; each request only splices its counter into the key, so that the
-- load generator, which shares the machine's cores with the service and PostgreSQL, takes
-- as little of them as it can (wrk.format per request cost about 12 us more per request).
local counter = 0
local threads = 0
local head, tail
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
-- With OPEN311_KEY set, each request is an Open311 filing with that api_key instead (a
-- trusted key's filing is confirmed and routed at once: bench/ledger_cost.sh).
function init(args)
  local body = '{"title":"Broken street light","description":"The street light at the corner has been broken for two weeks.","category":"roads","region":"KZ-71","email":"citizen@example.kz","display_name":"Aigerim"}'
  local path, ctype = "/api/v1/problems", "application/json"
  local key = os.getenv("OPEN311_KEY")
  if key and key ~= "" then
    body = "api_key=" .. key .. "&service_code=roads&email=citizen%40example.kz"
      .. "&description=The+street+light+at+the+corner+has+been+broken+for+two+weeks."
      .. "&attribute%5Bregion%5D=KZ-71&attribute%5Btitle%5D=Broken+street+light"
    path, ctype = "/open311/v2/requests.json", "application/x-www-form-urlencoded"
  end
  head = "POST " .. path .. " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " .. ctype .. "\r\nContent-Length: "
    .. #body .. "\r\nIdempotency-Key: wrk-" .. tostring(tid) .. "-" .. tostring(os.time()) .. "-"
  tail = "\r\n\r\n" .. body
end
function request()
  counter = counter + 1
  return head .. counter .. tail
end
function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f non2xx=%d\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
