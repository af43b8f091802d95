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
