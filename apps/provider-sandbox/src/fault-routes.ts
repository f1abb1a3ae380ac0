import express, { Router } from 'express';
import { parseOrThrow } from '@switchboard/http';
import { faultRequestSchema, type FaultSettings } from './fault-settings';

/**
 * `/sandbox/faults`: what is set (`GET`), set one provider or `*` (`POST`), clear all (`DELETE`).
 *
 * @example app.use(faultRoutes({ settings }));
 */
export function faultRoutes(deps: { settings: FaultSettings }): Router {
  const { settings } = deps;
  const router = Router();

  router.get('/sandbox/faults', (_req, res) => {
    res.json(settings.all());
  });

  router.post('/sandbox/faults', express.json(), (req, res) => {
    settings.set(parseOrThrow(faultRequestSchema, req.body));
    res.json(settings.all());
  });

  router.delete('/sandbox/faults', (_req, res) => {
    settings.reset();
    res.status(204).end();
  });

  return router;
}
