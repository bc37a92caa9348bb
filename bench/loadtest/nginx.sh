# Sourced by the load-test benchmarks: start_nginx WORKDIR starts Debian's nginx on a random loopback port with its
# own config in WORKDIR/nginx (1 worker, `return 200 "ok\n"`, keep-alive, no access log; never the system service),
# and sets nginx_pid (the master, to stop by its PID) and url.
start_nginx() {
  local work=$1
  local port=$((20000 + RANDOM % 10000))
  mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
daemon off;
worker_rlimit_nofile 20000;
events { worker_connections 8192; use epoll; multi_accept on; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 65s;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx/" -e "$work/nginx/logs/error.log" &
  nginx_pid=$!
  url="http://127.0.0.1:$port/"
}
