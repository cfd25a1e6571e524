// nginx (Debian's package) in front of several Tuteur instances, for the multi-instance test and the cluster
// benchmark: round robin, streaming answers passed through as they come (proxy_buffering off), and the
// instance that answered named in an X-Upstream response header so a test can see the alternation.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';

export const NGINX_PATH = '/usr/sbin/nginx';

export class NginxMissingError extends Error {
  constructor() {
    super(
      `nginx est introuvable (${NGINX_PATH}) : le test à plusieurs instances le place devant elles comme en production. ` +
        'Installez-le avec « apt-get install nginx » (paquet Debian).',
    );
    this.name = 'NginxMissingError';
  }
}

/** The proxy configuration the deployment guide recommends, reduced to loopback and a private prefix. */
export function nginxConfig(options: { prefix: string; port: number; upstreams: readonly number[] }): string {
  const { prefix, port, upstreams } = options;
  return `# Generated for a test run.
daemon off;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
# Ignored (with a notice) when not started as root; as root, workers must reach the private temp folders.
user root;
events { worker_connections 1024; }
http {
  log_format upstream '$request_method $uri $status upstream=$upstream_addr upstream_status=$upstream_status';
  access_log ${join(prefix, 'access.log')} upstream;
  client_body_temp_path ${join(prefix, 'body')};
  proxy_temp_path ${join(prefix, 'proxy')};
  fastcgi_temp_path ${join(prefix, 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'uwsgi')};
  scgi_temp_path ${join(prefix, 'scgi')};

  upstream tuteur {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n')}
  }

  server {
    listen 127.0.0.1:${port};
    client_max_body_size 1m;
    location / {
      proxy_pass http://tuteur;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Answers are streamed (server-sent events): each token goes to the pupil at once.
      proxy_buffering off;
      proxy_read_timeout 300s;
      # An instance that refuses the connection (stopped, killed) is skipped; a request already sent is not replayed.
      proxy_next_upstream error timeout http_502;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

export interface Nginx {
  port: number;
  url: string;
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

function waitForPort(port: number, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (exited()) reject(new Error('nginx s’est arrêté au démarrage'));
        else if (Date.now() > deadline) reject(new Error(`nginx n’écoute pas sur ${port} après ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startNginx(options: { dir: string; port: number; upstreams: readonly number[] }): Promise<Nginx> {
  if (!existsSync(NGINX_PATH)) throw new NginxMissingError();
  const prefix = join(options.dir, 'nginx');
  await mkdir(prefix, { recursive: true });
  const configPath = join(prefix, 'nginx.conf');
  await writeFile(configPath, nginxConfig({ prefix, port: options.port, upstreams: options.upstreams }));
  const child: ChildProcess = spawn(NGINX_PATH, ['-p', prefix, '-c', configPath, '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    await waitForPort(options.port, 10_000, () => gone);
  } catch (error) {
    child.kill('SIGKILL');
    const log = await readFile(join(prefix, 'error.log'), 'utf8').catch(() => '');
    throw new Error(`${(error as Error).message}\n${stderr}\n${log}`, { cause: error });
  }
  return {
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    accessLog: () => readFile(join(prefix, 'access.log'), 'utf8').catch(() => ''),
    async stop() {
      if (gone) return;
      // SIGTERM: fast shutdown of the master and its workers.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
