import type { ServiceDeps } from '@psycheos/bot-runtime';
import {
  type CaseBot,
  createLaunchToken,
  LAUNCH_SCOPE,
  type LaunchableBot,
  type LaunchRequest,
  type SpecialistBot,
} from '@psycheos/db';
import type { BotId } from '@psycheos/platform';
import {
  type HarnessOptions,
  type ServiceHarness,
  startServiceHarness,
  textMessage,
} from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { vi } from 'vitest';
import type { ToolServiceOptions } from '../tool-bot/tool-service';
import { acceptedTerms } from './accepted-terms';
import { type FakeAnthropic, startFakeAnthropic } from './fake-anthropic';

export interface Specialist {
  id: number;
  username: string;
  first_name: string;
  userId: string;
  /** The specialist's private label for the case: it must never reach the model. */
  caseLabel: string;
  contextId: string;
}

export interface ToolHarness {
  service: ServiceHarness;
  anthropic: FakeAnthropic;
  /**
   * A registered specialist who accepted the terms in force, with one case, as pro would
   * have made them.
   */
  specialist(): Promise<Specialist>;
  /**
   * The specialist opens the tool with a fresh launch link: for their case, or, the
   * trainer, for themselves alone (as pro makes each link).
   */
  openSession(specialist: Specialist): Promise<void>;
  say(person: { id: number }, text: string): Promise<void>;
  /** Waits until the chat has received `count` texts in all (final answers, not drafts). */
  textsOnceThereAre(chatId: number, count: number): Promise<string[]>;
  close(): Promise<void>;
}

let nextPerson = 7_100;

/**
 * A tool bot's service as in production, with a fake Anthropic API behind
 * ANTHROPIC_BASE_URL and the fake Bot API, against a database of the test file's own.
 */
export async function startToolHarness(options: {
  botId: BotId & LaunchableBot;
  buildApp: (deps: ServiceDeps, options?: ToolServiceOptions) => Promise<FastifyInstance>;
  /** Without it the service runs with no ANTHROPIC_API_KEY. */
  withApiKey?: boolean;
  env?: Record<string, string>;
  anthropic?: FakeAnthropic;
  database?: HarnessOptions['database'];
}): Promise<ToolHarness> {
  const anthropic = options.anthropic ?? (await startFakeAnthropic());
  const service = await startServiceHarness({
    botId: options.botId,
    database: options.database,
    buildApp: (deps) =>
      options.buildApp(deps, { previewIntervalMs: 50, jobPollIntervalMs: 100, retryBaseMs: 5 }),
    env: {
      ...(options.withApiKey === false ? {} : { ANTHROPIC_API_KEY: 'sk-ant-test-key' }),
      ANTHROPIC_BASE_URL: anthropic.url,
      AI_REQUEST_TIMEOUT_SECONDS: '10',
      // Credits are billing's tests' concern; a tool's tests run on a trial that never ends.
      BILLING_TRIAL_CREDITS: '1000000',
      ...options.env,
    },
  });
  const db = service.database.db;
  const say = async (person: { id: number }, text: string) => {
    const { status } = await service.deliver(textMessage(person, text));
    if (status !== 200) throw new Error(`webhook answered ${status}`);
  };
  return {
    service,
    anthropic,
    async specialist() {
      const id = ++nextPerson;
      const username = `therapist_${id}`;
      const user = await db
        .insertInto('users')
        .values({
          telegram_id: id,
          role: 'specialist',
          username,
          full_name: 'Ирина Соколова',
          ...(await acceptedTerms(db)),
        })
        .returning('user_id')
        .executeTakeFirstOrThrow();
      const caseLabel = `Петров — депрессия ${id}`;
      const theCase = await db
        .insertInto('contexts')
        .values({ specialist_user_id: user.user_id, client_ref: caseLabel })
        .returning('context_id')
        .executeTakeFirstOrThrow();
      return {
        id,
        username,
        first_name: 'Ирина',
        userId: user.user_id,
        caseLabel,
        contextId: theCase.context_id,
      };
    },
    async openSession(specialist) {
      const token = await createLaunchToken(db, launchOf(options.botId, specialist));
      await say(specialist, `/start ${token}`);
    },
    say,
    async textsOnceThereAre(chatId, count) {
      return vi.waitFor(
        async () => {
          await service.repliesSent();
          const texts = service.telegram.textsSentTo(chatId);
          if (texts.length < count) throw new Error(`${texts.length} of ${count} texts so far`);
          return texts;
        },
        { timeout: 15_000, interval: 50 },
      );
    },
    async close() {
      await service.close();
      if (!options.anthropic) await anthropic.stop();
    },
  };
}

/** The link pro makes for this tool: a case tool's names the case, the trainer's only the specialist. */
function launchOf(botId: LaunchableBot, specialist: Specialist): LaunchRequest {
  const specialistUserId = specialist.userId;
  return LAUNCH_SCOPE[botId] === 'case'
    ? { botId: botId as CaseBot, specialistUserId, contextId: specialist.contextId }
    : { botId: botId as SpecialistBot, specialistUserId };
}
