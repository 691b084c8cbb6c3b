import { readFileSync } from 'node:fs';
import { Environment } from '../../src/config/environment.js';
import { NGINX_TEMPLATE, renderTemplate } from '../support/nginx-process.js';

const TEMPLATE = readFileSync(NGINX_TEMPLATE, 'utf8');
const FILLED = {
  HERALD_UPSTREAM_SERVERS: 'server 127.0.0.1:3001;',
  HERALD_HTTP_LISTEN: '8080',
  HERALD_HTTPS_LISTEN: '8443',
  HERALD_TLS_CERTIFICATE: '/tls/certificate.pem',
  HERALD_TLS_CERTIFICATE_KEY: '/tls/key.pem',
};

/** The directives of one location block, by name (a block without nested braces, as the template's are). */
function locationDirectives(location: string): Map<string, string> {
  const block = new RegExp(`location ${location.replace(/[/.]/g, '\\$&')} \\{([^}]*)\\}`).exec(TEMPLATE);
  if (!block) throw new Error(`the template has no location ${location}`);
  const directives = block[1]!.split(';').map((line) => line.trim()).filter((line) => line !== '');
  return new Map(directives.map((directive) => [directive.split(/\s+/)[0]!, directive.split(/\s+/).slice(1).join(' ')]));
}

describe('deploy/nginx/herald.conf.template', () => {
  it('keeps a quiet stream open for more than two heartbeats at the default SSE_HEARTBEAT_MS', () => {
    const timeout = /^(\d+)s$/.exec(locationDirectives('= /events').get('proxy_read_timeout') ?? '');
    expect(timeout).not.toBeNull();
    expect(Number(timeout![1]) * 1000).toBeGreaterThan(2 * new Environment().SSE_HEARTBEAT_MS);
  });

  it('fills in its placeholders and leaves nginx’s own variables alone', () => {
    const rendered = renderTemplate(TEMPLATE, FILLED);
    expect(rendered).toContain('listen 8443 ssl http2;');
    expect(rendered).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
  });

  it('refuses to render with a placeholder nobody filled in', () => {
    const { HERALD_TLS_CERTIFICATE_KEY: _missing, ...partly } = FILLED;
    expect(() => renderTemplate(TEMPLATE, partly)).toThrow('${HERALD_TLS_CERTIFICATE_KEY}');
  });
});
