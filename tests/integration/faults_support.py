"""A TCP relay on a loopback port in front of the test Solr, so that one test can make Solr
unreachable for CKAN without stopping the Solr that other test runs and portals share."""
from __future__ import annotations

import contextlib
import socket
import threading
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit


class Relay:
    """Forwards connections from 127.0.0.1:<port> to ``target``; :meth:`close` refuses them."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._server: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def open(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def close(self) -> None:
        """Stop listening and cut every open connection: a connect is refused, as with Solr stopped."""
        server, self._server = self._server, None
        if server is not None:
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _addr = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def solr_behind_relay() -> Iterator[Relay]:
    """CKAN's Solr URL pointed at a relay in front of the real test Solr for the duration."""
    url = _solr_url()
    parts = urlsplit(url)
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 8983)
    relay.open()
    _set_solr_url(urlunsplit(parts._replace(netloc=f"127.0.0.1:{relay.port}")))
    try:
        yield relay
    finally:
        relay.close()
        _set_solr_url(url)


# CKAN 2.11 keeps the Solr URL in SolrSettings, set once at start; 2.12 removed that class and
# reads the solr_url option on every connection.
def _solr_url() -> str:
    try:
        from ckan.lib.search.common import SolrSettings
    except ImportError:
        from ckan.common import config

        return config["solr_url"]
    return SolrSettings.get()[0]


def _set_solr_url(url: str) -> None:
    try:
        from ckan.lib.search.common import SolrSettings
    except ImportError:
        from ckan.common import config

        config["solr_url"] = url
        return
    _, user, password = SolrSettings.get()
    SolrSettings.init(url, user, password)


@contextlib.contextmanager
def redis_behind_relay() -> Iterator[Relay]:
    """CKAN's Redis (jobs queues and every ``connect_to_redis``) reached through a relay in front
    of the real test Redis for the duration; the shared Redis itself is never stopped."""
    import ckan.lib.redis as ckan_redis
    from ckan.common import config
    from ckan.lib import jobs
    from redis import ConnectionPool

    url = config["ckan.redis.url"]
    parts = urlsplit(url)
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 6379)
    relay.open()
    saved_pool, saved_queues = ckan_redis._connection_pool, dict(jobs._queues)
    # Short timeouts: a Redis that does not answer must fail the request, not hang it.
    ckan_redis._connection_pool = ConnectionPool.from_url(
        urlunsplit(parts._replace(netloc=f"127.0.0.1:{relay.port}")),
        socket_connect_timeout=2, socket_timeout=2)
    jobs._queues.clear()
    try:
        yield relay
    finally:
        relay.close()
        ckan_redis._connection_pool.disconnect()
        ckan_redis._connection_pool = saved_pool
        jobs._queues.clear()
        jobs._queues.update(saved_queues)


def one_job_cycle() -> None:
    """What the worker with its scheduler does in one cycle: due retries queued again, queue run."""
    import time

    from ckan.lib import jobs
    from rq.registry import ScheduledJobRegistry
    from rq.scheduler import RQScheduler

    queue = jobs.get_queue()
    registry = ScheduledJobRegistry(queue=queue)
    # rq 2 (CKAN 2.12) keeps ids of jobs that clean_queues deleted: they would hold the wait below.
    registry.cleanup()
    for job_id in registry.get_job_ids():
        if not queue.fetch_job(job_id):
            registry.remove(job_id)
    # Wait for every retry falling due in the next seconds (the tests' interval is 1 s), not just
    # for the first due job: an earlier test's job may be due already (CKAN 2.12's datastore
    # schedules "<resource id>_datastore-patch-last_modified"). Jobs further out are left alone.
    horizon = int(time.time()) + 5
    deadline = time.monotonic() + 10
    while (set(registry.get_jobs_to_schedule(horizon)) - set(registry.get_jobs_to_schedule())
           and time.monotonic() < deadline):
        time.sleep(0.2)
    scheduler = RQScheduler([queue], connection=queue.connection)
    scheduler.acquire_locks()
    try:
        scheduler.enqueue_scheduled_jobs()
    finally:
        scheduler.release_locks()
    jobs.Worker().work(burst=True)


class SolrCloud:
    """A SolrCloud of its own (ZooKeeper, two Solr nodes, one 2 x 2 collection, the nginx entry)
    started by stack/solrcloud.sh on free loopback ports in ``var``; :meth:`kill` crashes a node."""

    def __init__(self, var: str, collection: str = "ckan_test") -> None:
        import os
        from pathlib import Path

        ports = []
        socks = []
        for _ in range(4):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
        for s in socks:
            s.close()
        self.entry, self.nodes, self.zk = ports[0], ports[1:3], ports[3]
        self.collection = collection
        self.script = str(Path(__file__).resolve().parents[2] / "stack" / "solrcloud.sh")
        self.env = {**os.environ, "DGPLAN_VAR": var, "DGPLAN_SOLR_PORT": str(self.entry),
                    "DGPLAN_SOLR_NODE_PORTS": f"{self.nodes[0]} {self.nodes[1]}", "DGPLAN_ZK_PORT": str(self.zk),
                    "DGPLAN_SOLR_COLLECTIONS": collection, "DGPLAN_SOLR_NODE_HEAP": "384m"}

    def run(self, *args: str) -> str:
        import subprocess

        done = subprocess.run([self.script, *args], env=self.env, capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise RuntimeError(f"solrcloud.sh {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.entry}/solr/{self.collection}"

    def kill(self, node: int) -> None:
        self.run("kill-node", str(node))

    def rejoin(self, node: int) -> None:
        """Start the node again; returns once every replica is active (recovered) again."""
        self.run("start-node", str(node))

    def replica_counts(self) -> dict[str, list[int]]:
        """Documents each replica holds by itself (distrib=false), by shard."""
        import json
        from urllib.request import urlopen

        status_url = (f"http://127.0.0.1:{self.nodes[0]}/solr/admin/collections?action=CLUSTERSTATUS"
                      f"&collection={self.collection}&wt=json")
        with urlopen(status_url, timeout=30) as res:
            shards = json.load(res)["cluster"]["collections"][self.collection]["shards"]
        counts: dict[str, list[int]] = {}
        for shard, info in shards.items():
            for replica in info["replicas"].values():
                url = f"{replica['base_url']}/{replica['core']}/select?q=*:*&rows=0&distrib=false&wt=json"
                with urlopen(url, timeout=30) as res:
                    counts.setdefault(shard, []).append(json.load(res)["response"]["numFound"])
        return counts


@contextlib.contextmanager
def solr_cloud_for_ckan(cloud: SolrCloud) -> Iterator[SolrCloud]:
    """CKAN's Solr URL pointed at ``cloud``'s entry for the duration."""
    url = _solr_url()
    _set_solr_url(cloud.url)
    try:
        yield cloud
    finally:
        _set_solr_url(url)
