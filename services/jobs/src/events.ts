// Integration events the jobs publish. EventBridge accepts a PutEvents call and
// may still fail single entries, so a failed entry fails the run (and the queue
// retries it) rather than vanishing.
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from './catalogue';

export interface IntegrationEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

export interface EventPublisher {
  publish(event: IntegrationEvent): Promise<void>;
}

export { EVENT_SOURCE };

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(event: IntegrationEvent): Promise<void> {
    const out = await this.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
          },
        ],
      }),
    );
    if (out.FailedEntryCount) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      throw new Error(`EventBridge rejected ${event.detailType}: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
    }
  }
}

/** Keeps events in memory (local runs). */
export class InMemoryEventPublisher implements EventPublisher {
  readonly published: IntegrationEvent[] = [];
  async publish(event: IntegrationEvent): Promise<void> {
    this.published.push(event);
  }
}
