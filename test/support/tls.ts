import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/*
 * https targets for tests: a self-signed certificate made with openssl for one host name, and a TLS front that
 * terminates TLS with it and passes the bytes on to a plain-HTTP local server (the sandbox, a receiver), so
 * a child process that trusts the certificate (NODE_EXTRA_CA_CERTS=certFile) talks https to a real server.
 * For servers that are not ours to front (a Kafka broker), a test CA and a server certificate it signs.
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

export interface IssuedCertificate {
  /** The test CA's certificate, as a PEM file: what a client trusts (NODE_EXTRA_CA_CERTS=caFile). */
  caFile: string;
  /** The server's private key (PKCS#8, unencrypted) and then its certificate, in one PEM file (Kafka's PEM keystore). */
  keyAndCertFile: string;
  key: string;
  cert: string;
}

/**
 * A one-day test CA and a server certificate it signs for `dnsNames` and `ipAddresses` (its subjectAltNames),
 * so a client checks the server's name against a chain, as it does with a real broker, instead of trusting the
 * server's own certificate. The CA's key is thrown away with nothing else signed by it.
 */
export function caSignedCertificate(dnsNames: string[], ipAddresses: string[] = []): IssuedCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-ca-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', file('ca-key.pem'), '-out', file('ca.pem'), '-subj', '/CN=port-ci test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('key.pem'), '-out', file('request.pem'), '-subj', `/CN=${dnsNames[0] ?? ipAddresses[0]}`]);
  const altNames = [...dnsNames.map((name) => `DNS:${name}`), ...ipAddresses.map((address) => `IP:${address}`)].join(',');
  writeFileSync(file('extensions.cnf'), `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  openssl(['x509', '-req', '-in', file('request.pem'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-CAcreateserial', '-days', '1', '-out', file('cert.pem'), '-extfile', file('extensions.cnf')]);
  rmSync(file('ca-key.pem'));
  const key = readFileSync(file('key.pem'), 'utf8');
  const cert = readFileSync(file('cert.pem'), 'utf8');
  writeFileSync(file('key-and-cert.pem'), `${key}${cert}`);
  return { caFile: file('ca.pem'), keyAndCertFile: file('key-and-cert.pem'), key, cert };
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
