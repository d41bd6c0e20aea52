// npm run compose:render: writes infra/compose/<bot>.yml for every bot, webapp.yml and
// monitoring.yml, and infra/monitoring/prometheus.yml, from the code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_IDS } from '@psycheos/platform';
import { REPO_ROOT } from '../config/variables-read';
import { renderBotComposeFile } from './bot-compose-file';
import { renderMonitoringComposeFile, renderPrometheusConfig } from './monitoring-files';
import { renderWebappComposeFile } from './webapp-compose-file';

for (const botId of BOT_IDS) {
  const path = join(REPO_ROOT, 'infra', 'compose', `${botId}.yml`);
  writeFileSync(path, renderBotComposeFile(botId));
  console.log(`wrote infra/compose/${botId}.yml`);
}

writeFileSync(join(REPO_ROOT, 'infra', 'compose', 'webapp.yml'), renderWebappComposeFile());
console.log('wrote infra/compose/webapp.yml');

writeFileSync(join(REPO_ROOT, 'infra', 'compose', 'monitoring.yml'), renderMonitoringComposeFile());
console.log('wrote infra/compose/monitoring.yml');
writeFileSync(join(REPO_ROOT, 'infra', 'monitoring', 'prometheus.yml'), renderPrometheusConfig());
console.log('wrote infra/monitoring/prometheus.yml');
