import type { AiJobSpec, PracticeSession, ToolContext } from '@psycheos/ai';

/**
 * The Симулятор is the specialist's trainer: its sessions are in no case (PracticeSession),
 * so nothing it keeps is a real client's, and nothing a case's tools read comes from it.
 */
export type TrainerContext = ToolContext<PracticeSession>;
export type TrainerJob = AiJobSpec<PracticeSession>;
