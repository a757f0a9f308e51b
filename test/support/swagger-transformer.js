// ts-jest AST transformer running the @nestjs/swagger CLI plugin with nest-cli.json's options,
// so the OpenAPI metadata seen in tests is the one `nest build` produces.
const plugin = require('@nestjs/swagger/plugin');
const nestCli = require('../../nest-cli.json');

const options = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) => plugin.before(options, compiler.program);
