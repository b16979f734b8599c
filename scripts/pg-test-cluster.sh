#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for the tests and benchmarks, with a pgbouncer in
# front of it and a hot standby of it.
#   scripts/pg-test-cluster.sh start DIR       -> prints the primary's URL on stdout
#   scripts/pg-test-cluster.sh pgbouncer DIR   -> prints a URL through pgbouncer (transaction pooling)
#   scripts/pg-test-cluster.sh standby DIR     -> prints the URL of a hot standby (pg_basebackup -R)
#   scripts/pg-test-cluster.sh halt DIR        -> stops the primary, keeping its data (a server going away)
#   scripts/pg-test-cluster.sh resume DIR      -> starts the halted primary again on its port (a restart)
#   scripts/pg-test-cluster.sh stop DIR        -> stops whatever of the three runs, removes DIR
# initdb, pgbouncer and the standby refuse to run as root, so as root they belong to the 'postgres' user.
set -euo pipefail
cmd=$1; dir=$2
bin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
[ -n "$bin" ] || { echo "PostgreSQL 15 server binaries are missing (/usr/lib/postgresql/15/bin)" >&2; exit 1; }
password=ormscope-test
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
# A free port: ask the kernel for one.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
# Settings for a server that holds nothing worth keeping: fast, loopback only, its socket in DIR.
server_options() {
  echo "-p $1 -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    port=$(free_port)
    as_owner "'$bin/initdb' -D '$dir/data' -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    # The standby's base backup connects over TCP as postgres, with the password.
    echo "host replication postgres 127.0.0.1/32 scram-sha-256" >> "$dir/data/pg_hba.conf"
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 -o \"$(server_options "$port")\" start >/dev/null"
    echo "$port" > "$dir/port"
    # Over TCP the server asks for a password (so tests can check a wrong one); set it through the socket.
    as_owner "'$bin/psql' -q -h '$dir' -p $port -U postgres -d postgres -c \"ALTER USER postgres PASSWORD '$password'\" >/dev/null"
    echo "postgresql://postgres:$password@127.0.0.1:$port/postgres"
    ;;
  pgbouncer)
    command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || { echo "pgbouncer is missing (apt-get install -y pgbouncer)" >&2; exit 1; }
    pgb=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
    port=$(<"$dir/port")
    bport=$(free_port)
    mkdir -p "$dir/pgbouncer"
    # Every database name goes to the throwaway cluster (tests create their own databases);
    # pgbouncer checks the password itself (plain text here, so it can log in to the server with it).
    cat > "$dir/pgbouncer/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/pgbouncer/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = 2
max_client_conn = 200
server_login_retry = 1
logfile = $dir/pgbouncer/pgbouncer.log
pidfile = $dir/pgbouncer/pgbouncer.pid
INI
    echo "\"postgres\" \"$password\"" > "$dir/pgbouncer/userlist.txt"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir/pgbouncer"
    chmod 700 "$dir/pgbouncer"
    as_owner "'$pgb' -d -q '$dir/pgbouncer/pgbouncer.ini'"
    echo "$bport" > "$dir/pgbouncer/port"
    # -d returns once the daemon forks: wait until it listens.
    for _ in $(seq 1 100); do
      python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$bport),0.2).close()" 2>/dev/null && break
      sleep 0.05
    done
    echo "postgresql://postgres:$password@127.0.0.1:$bport/postgres"
    ;;
  standby)
    port=$(<"$dir/port")
    sport=$(free_port)
    # -R writes standby.signal and primary_conninfo (with the password it connected with).
    as_owner "PGPASSWORD='$password' '$bin/pg_basebackup' -h 127.0.0.1 -p $port -U postgres -D '$dir/standby' -R -X stream -c fast >'$dir/basebackup.log' 2>&1"
    as_owner "'$bin/pg_ctl' -D '$dir/standby' -l '$dir/standby.log' -w -t 30 -o \"$(server_options "$sport")\" start >/dev/null"
    echo "$sport" > "$dir/standby-port"
    echo "postgresql://postgres:$password@127.0.0.1:$sport/postgres"
    ;;
  halt)
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null"
    ;;
  resume)
    port=$(<"$dir/port")
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 -o \"$(server_options "$port")\" start >/dev/null"
    ;;
  stop)
    if [ -f "$dir/pgbouncer/pgbouncer.pid" ]; then
      pid=$(<"$dir/pgbouncer/pgbouncer.pid")
      kill -INT "$pid" 2>/dev/null || true  # INT: shut down without waiting for clients
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    for data in standby data; do
      [ -f "$dir/$data/postmaster.pid" ] && as_owner "'$bin/pg_ctl' -D '$dir/$data' -m immediate -w stop >/dev/null 2>&1" || true
    done
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|pgbouncer|standby|halt|resume|stop DIR" >&2; exit 2 ;;
esac
