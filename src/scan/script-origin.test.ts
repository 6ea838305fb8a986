import { describe, expect, it } from 'vitest';
import { isBuiltOrVendoredScript } from './script-origin.js';

const body = "var accessKeyId = 'LTAI-not-a-key';\n";

describe('isBuiltOrVendoredScript', () => {
  it('knows a library by the licence banner opening it', () => {
    const banners = [
      '/*! jQuery v3.6.0 | (c) OpenJS Foundation and other contributors | jquery.org/license */\n',
      '/**\n * @license\n * Lodash <https://lodash.com/>\n * Released under MIT license <https://lodash.com/license>\n */\n',
      '// CodeMirror, copyright (c) by Marijn Haverbeke and others\n// Distributed under an MIT license: https://codemirror.net/5/LICENSE\n\n',
      '\uFEFF\n/*\n* Licensed to the Apache Software Foundation (ASF) under one\n* or more contributor license agreements.\n* The ASF licenses this file to you under the Apache License, Version 2.0\n*/\n',
      '//! moment.js\n//! version : 2.29.4\n//! license : MIT\n',
      '/*\n * JavaScript MD5\n * https://github.com/blueimp/JavaScript-MD5\n *\n * Licensed under the MIT license:\n * https://opensource.org/licenses/MIT\n */\n',
    ];

    expect(banners.filter((banner) => !isBuiltOrVendoredScript('utils/lib.js', Buffer.from(banner + body)))).toEqual([]);
  });

  it('keeps a team\'s own script: its own header, a doc comment, code first, another file type', () => {
    const own: [string, string][] = [
      ['src/utils/config.js', '/* Copyright (c) 2024 Acme Inc. All rights reserved. */\n'],
      ['src/utils/config.js', '/**\n * Shop configuration. See LICENSE in the project root.\n * @author team\n */\n'],
      ['utils/request.js', "import axios from 'axios'; // MIT license\n"],
      ['utils/own.js', '// Copyright 2016~2023 https://shop.example.com All rights reserved.\n// Licensed to Acme only: not free software\n'],
      ['config/database.php', '<?php\n// | Licensed ( http://www.apache.org/licenses/LICENSE-2.0 )\n'],
      ['lib/notes.md', '/*! MIT license */\n'],
      // A plugin's settings module under the vendor's licence holds the team's keys.
      ['uniCloud-aliyun/cloudfunctions/tencentcloud-plugin/config.js', '/*\n * Copyright (C) 2020 Tencent Cloud.\n *\n * Licensed under the Apache License, Version 2.0 (the "License");\n */\n'],
      ['static/lib/wx.config.js', '/*! MIT license */\n'],
    ];

    expect(own.filter(([name, head]) => isBuiltOrVendoredScript(name, Buffer.from(head + body)))).toEqual([]);
  });

  it('knows a minified script by a 5,000-byte line in its first 8 KB, not by one that comes later', () => {
    const minified = `!function(){${'var a=1;'.repeat(800)}}();\n`;
    const lateLongLine = `${'// notes\n'.repeat(1200)}export const logo = "${'A'.repeat(6000)}";\n`;

    expect([isBuiltOrVendoredScript('h5/static/js/index.js', Buffer.from(minified)), isBuiltOrVendoredScript('src/logo.js', Buffer.from(lateLongLine))]).toEqual([true, false]);
  });
});
