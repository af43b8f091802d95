export {
  MOCKED_APIS,
  MockUnavailableError,
  PortInUseError,
  specPath,
  startMockServers,
  type MockedApi,
  type MockOperation,
  type MockServerOptions,
  type MockServers,
} from './start-mock-servers.js';
export { FAULT_HEADERS, parseFailRate, parseLatency, type FaultOptions } from './stateful/faults.js';
export { RESET_PATH } from './stateful/front-server.js';
export { MOCK_WEBHOOK_CREDENTIALS, type MockWebhookOptions } from './mocked-apis.js';
export { GENERATED_SCENARIOS, type GeneratedScenario } from './stateful/scenario.js';
export { startInboxApiMock, type InboxApiMock, type InboxApiMockOptions } from './start-inbox-mock.js';
