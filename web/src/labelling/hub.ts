import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { AnswerReceipt, NextQueryResult, ProjectStatus, StationAnswer, TrainingStatus, UndoReceipt } from './contracts';
import type { ConnectionState } from './state';
import { token } from '../auth';

export interface HubEvents {
  status(status: ProjectStatus): void;
  training(training: TrainingStatus): void;
  queriesAvailable(): void;
  connection(state: ConnectionState): void;
}

/**
 * The station's connection to the LabelGateway hub: WebSockets without negotiation (any gateway replica can take it,
 * no sticky sessions), reconnecting on its own; after a reconnect it joins its project again, since the hub keeps
 * membership per connection.
 */
export class StationHub {
  private readonly connection: HubConnection;

  constructor(baseUrl: string, private readonly projectId: string, private readonly station: string, private readonly events: HubEvents) {
    this.connection = new HubConnectionBuilder()
      .withUrl(new URL('/hubs/labelling', baseUrl).toString(), { skipNegotiation: true, transport: HttpTransportType.WebSockets, accessTokenFactory: () => token() ?? '' })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on('Status', (status: ProjectStatus) => events.status(status));
    this.connection.on('TrainingProgress', (training: TrainingStatus) => events.training(training));
    this.connection.on('QueriesAvailable', () => events.queriesAvailable());
    this.connection.onreconnecting(() => events.connection('reconnecting'));
    this.connection.onreconnected(async () => {
      events.connection('connected');
      events.status(await this.join());
    });
    this.connection.onclose(() => events.connection('disconnected'));
  }

  get connected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  async start(): Promise<ProjectStatus> {
    this.events.connection('connecting');
    await this.connection.start();
    this.events.connection('connected');
    return this.join();
  }

  join(): Promise<ProjectStatus> {
    return this.connection.invoke<ProjectStatus>('JoinProject', this.projectId, this.station);
  }

  nextQuery(): Promise<NextQueryResult> {
    return this.connection.invoke<NextQueryResult>('NextQuery');
  }

  answer(answer: StationAnswer): Promise<AnswerReceipt> {
    return this.connection.invoke<AnswerReceipt>('Answer', answer);
  }

  undo(): Promise<UndoReceipt> {
    return this.connection.invoke<UndoReceipt>('Undo');
  }

  stop(): Promise<void> {
    return this.connection.stop();
  }
}
