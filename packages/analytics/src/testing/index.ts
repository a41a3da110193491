export { FIXTURE_TZ, type Fixture, type FixtureEvent, fixtureMs, loadFixture } from './fixtures.js';
