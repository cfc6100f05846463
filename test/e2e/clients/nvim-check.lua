-- Neovim (0.7+) as an LSP client of the Mesh Lens server: diagnostics and hover on the file given
-- on the command line. Environment: MESH_LENS_SERVER (dist/server.js), MESH_LENS_ROOT (workspace).
-- Prints JSON lines and `nvim: N passed, M failed`; exits 1 on failure.
local server = assert(os.getenv('MESH_LENS_SERVER'), 'MESH_LENS_SERVER')
local root = assert(os.getenv('MESH_LENS_ROOT'), 'MESH_LENS_ROOT')
local timeout = tonumber(os.getenv('MESH_LENS_TIMEOUT_MS') or '20000')
local passed, failed = 0, 0
local function out(s) io.stdout:write(s .. '\n') end
local function check(name, ok, detail)
  if ok then passed = passed + 1; out('  ✔ nvim: ' .. name)
  else failed = failed + 1; out('  ✖ nvim: ' .. name .. (detail and ('\n    ' .. detail) or '')) end
end
local function finish()
  out(string.format('nvim: %d passed, %d failed', passed, failed))
  vim.cmd((failed == 0 and passed > 0) and 'qall!' or 'cquit!')
end

local ready = nil
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'mesh-lens',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'examples' } },
  handlers = {
    ['meshLens/status'] = function(_, params) if params.state == 'ready' then ready = params end end,
  },
})
check('client started', client_id ~= nil)
if not client_id then return finish() end
vim.lsp.buf_attach_client(bufnr, client_id)

-- The server's own ready signal.
local got_ready = vim.wait(timeout, function() return ready ~= nil end, 20)
check('server reports meshLens/status ready', got_ready, 'no ready status')
if ready then out(vim.fn.json_encode({ status = ready })) end

local function codes(b)
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(b)) do t[#t + 1] = { code = d.code, severity = d.severity, lnum = d.lnum, message = d.message } end
  return t
end
local function has_code(b, code)
  for _, d in ipairs(vim.diagnostic.get(b)) do if d.code == code then return d end end
  return nil
end

local conflict = nil
vim.wait(timeout, function() conflict = has_code(bufnr, 'hostname-conflict'); return conflict ~= nil end, 20)
check('hostname-conflict warning on the open file', conflict ~= nil and conflict.severity == vim.diagnostic.severity.WARN, vim.fn.json_encode(codes(bufnr)))

local docs = vim.uri_to_bufnr(vim.uri_from_fname(root .. '/universal/copied-from-docs.yaml'))
local validation = nil
vim.wait(timeout, function() validation = has_code(docs, 'kuma-validation'); return validation ~= nil end, 20)
check('kuma-validation error on a closed file', validation ~= nil and validation.severity == vim.diagnostic.severity.ERROR, vim.fn.json_encode(codes(docs)))

-- Hover on the name of VirtualOutbound team-names.
local line_nr = nil
for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
  if l:find('name: team%-names') then line_nr = i - 1 end
end
local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = line_nr or 0, character = 8 },
}, timeout)
local text = ''
for _, r in pairs(res or {}) do
  if r.result and r.result.contents then
    local c = r.result.contents
    text = text .. (type(c) == 'table' and (c.value or vim.fn.json_encode(c)) or tostring(c))
  end
end
out(vim.fn.json_encode({ hover = text:sub(1, 400) }))
check('hover shows checkout.backend and VIP 240.0.0.9', text:find('checkout.backend', 1, true) ~= nil and text:find('240.0.0.9', 1, true) ~= nil, text)

vim.lsp.stop_client(client_id)
finish()
