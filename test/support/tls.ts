import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/*
 * https targets for tests: a self-signed certificate made with openssl for one host name, and a TLS front that
 * terminates TLS with it and passes the bytes on to a plain-HTTP local server (the sandbox, a receiver), so
 * a child process that trusts the certificate (NODE_EXTRA_CA_CERTS=certFile) talks https to a real server.
 */

export interface Certificate {
  key: string;
  cert: string;
  /** The certificate as a PEM file, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
}

/** A one-day self-signed certificate for `name` (its subject and only subjectAltName). */
export function selfSignedCertificate(name: string): Certificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export interface TlsFront {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with TLS and pipes each connection to 127.0.0.1:`targetPort`. */
export async function startTlsFront(targetPort: number, certificate: Certificate): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (secure) => {
    const plain = net.connect(targetPort, '127.0.0.1');
    for (const socket of [secure, plain]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        secure.destroy();
        plain.destroy();
      });
    }
    secure.pipe(plain).pipe(secure);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
