import { buildCaseworkApp } from './app.ts';

buildCaseworkApp().app.synth();
