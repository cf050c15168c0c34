// What the CLI takes from undici, in place of its index (scripts/undici-client-plugin.mjs resolves
// "undici" here): the index loads all of undici (fetch, WebSocket, mocks, caches, proxy agents) at
// every start, which cost check --url more time than any other module. An import of anything else
// from "undici" fails the build: add it here, from the module undici's index takes it from.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import Client from 'undici/lib/dispatcher/client.js';
import buildConnector from 'undici/lib/core/connect.js';

// As undici's index does: request() and the other calls are methods every dispatcher inherits.
Object.assign(Dispatcher.prototype, api);

export { buildConnector, Client };
