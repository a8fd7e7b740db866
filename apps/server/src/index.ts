export { main, runAsProcess } from './cli.ts';
export { EventLog, type Subscriber } from './eventLog.ts';
export { type RunningServer, type ServerOptions, startServer } from './httpServer.ts';
export { LessonRunner, type LessonSummary } from './lessonRunner.ts';
export { type Logger, silentLogger, streamLogger } from './logger.ts';
export { allowedHosts, allowedOrigins, checkHost, checkUpgrade, newToken } from './security.ts';
export { Session, type SessionOptions } from './session.ts';
export { showCall, TextFormatter } from './textFormat.ts';
