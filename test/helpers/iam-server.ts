/**
 * For tests: the IAM endpoint on a real HTTP server bound to 127.0.0.1 on a random port, with
 * one account in memory, its root key, and its IAM users' keys resolved from the store; every
 * call by an IAM user authorized by its policies (`iam:<Action>`), as the server will do.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rootCredential, type ResolvedCredential } from '../../src/auth/credentials.js';
import { deriveTokenKey } from '../../src/auth/session-token.js';
import { accessDenied } from '../../src/control-plane/sts/sts-error.js';
import { iamChecks } from '../../src/iam/actions.js';
import { authorizeChecks, iamScope } from '../../src/iam/authorize.js';
import { callerUserName } from '../../src/iam/api/common.js';
import { createIamHandler } from '../../src/iam/api/iam-handler.js';
import { identityPoliciesOf } from '../../src/iam/api/identity-policies.js';
import { createMemoryIamStore } from '../../src/iam/api/memory-store.js';
import { iamKey, type IamStore } from '../../src/iam/api/store.js';

export const TEST_ACCOUNT = '111122223333';
export const ROOT_KEY = { accessKeyId: 'AKIAROOTROOTROOTROOT', secretAccessKey: 'rootsecretrootsecretrootsecretrootsecret' };

export interface IamTestServer {
  readonly endpoint: string;
  readonly store: IamStore;
  close(): Promise<void>;
}

export async function startIamTestServer(): Promise<IamTestServer> {
  const store = createMemoryIamStore();
  const root = rootCredential(ROOT_KEY.accessKeyId, ROOT_KEY.secretAccessKey, TEST_ACCOUNT);
  const handler = createIamHandler({
    credentials: {
      async resolve(id): Promise<ResolvedCredential | undefined> {
        if (id === root.accessKeyId) return root;
        const key = await store.get('accessKey', id);
        const user = key !== undefined && key.status === 'Active' ? await store.get('user', iamKey('user', key.userName)) : undefined;
        if (key === undefined || user === undefined) return undefined;
        return { accessKeyId: id, secretAccessKey: key.secretAccessKey, accountId: TEST_ACCOUNT, principalArn: user.arn, userId: user.userId };
      },
    },
    tokenKey: deriveTokenKey('iam-test'),
    now: () => Date.now(),
    log: { warn: () => undefined, error: () => undefined },
    storeFor: () => store,
    async authorize(caller, action, params) {
      if (caller.identity.principalArn.endsWith(':root')) return;
      const userName = callerUserName(caller) ?? '';
      const user = await store.get('user', iamKey('user', userName));
      if (user === undefined) throw accessDenied(`User: ${caller.identity.principalArn} is not authorized to perform: iam:${action}`);
      const base = { accountId: TEST_ACCOUNT, region: caller.identity.region, callerArn: user.arn, callerUserName: user.userName };
      const checks = iamChecks(action, params, await iamScope(store, params, base)) ?? [];
      const result = authorizeChecks({
        principal: { arn: user.arn, accountId: TEST_ACCOUNT, type: 'User', userId: user.userId, userName: user.userName, tags: Object.fromEntries(user.tags.map((t) => [t.Key, t.Value])) },
        request: { secureTransport: false, now: Date.now(), region: caller.identity.region, sourceIp: '127.0.0.1' },
        checks,
        identityPolicies: (await identityPoliciesOf(store, 'user', user.userName, TEST_ACCOUNT)) ?? [],
      });
      if (!result.allowed) throw accessDenied(result.message);
    },
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '/').split('?');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      void handler({ method: req.method ?? 'POST', path, query, headers, body: Buffer.concat(chunks), requestId: randomUUID() }).then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    store,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
