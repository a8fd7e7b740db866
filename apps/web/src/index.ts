export { type ConnectionStatus, connectionMachine, connectionStatus } from './connection/connectionMachine.ts';
export { createLabStore, isAwaitingStep, type LabState, type LabStore } from './store/labStore.ts';
export { type LabView, viewAt } from './view/viewAt.ts';
