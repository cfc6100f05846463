;;; emacs-check.el --- Emacs + Eglot as an LSP client of the Mesh Lens server  -*- lexical-binding: t -*-
;; Usage: emacs --batch -l emacs-check.el FILE   (do not pass -Q: Debian's site-start loads elpa-eglot)
;; Environment: MESH_LENS_SERVER (dist/server.js), MESH_LENS_ROOT (workspace folder).
;; Prints `emacs: N passed, M failed` and exits 1 on failure.
(require 'cl-lib)
(require 'eglot)
(require 'flymake)
(require 'project)

(defvar mesh-check-server (getenv "MESH_LENS_SERVER"))
(defvar mesh-check-root (file-name-as-directory (getenv "MESH_LENS_ROOT")))
(defvar mesh-check-timeout (/ (string-to-number (or (getenv "MESH_LENS_TIMEOUT_MS") "20000")) 1000.0))
(defvar mesh-check-passed 0)
(defvar mesh-check-failed 0)
(defvar mesh-check-ready nil)

(defun mesh-check (name ok &optional detail)
  (if ok
      (progn (setq mesh-check-passed (1+ mesh-check-passed)) (princ (format "  ✔ emacs: %s\n" name)))
    (setq mesh-check-failed (1+ mesh-check-failed))
    (princ (format "  ✖ emacs: %s\n    %s\n" name (or detail "")))))

(defun mesh-check-finish ()
  (princ (format "emacs: %d passed, %d failed\n" mesh-check-passed mesh-check-failed))
  (kill-emacs (if (and (= mesh-check-failed 0) (> mesh-check-passed 0)) 0 1)))

(defun mesh-check-wait (pred)
  "Process server output until PRED is non-nil or the timeout passes; return PRED's value."
  (let ((deadline (+ (float-time) mesh-check-timeout)) (v nil))
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

;; Emacs 28 has no YAML mode: a minimal one, so that Eglot sends languageId "yaml".
(unless (fboundp 'yaml-mode)
  (define-derived-mode yaml-mode text-mode "YAML"))
(add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode))
(add-to-list 'eglot-server-programs `(yaml-mode . ("node" ,mesh-check-server "--stdio")))
;; The workspace copy is not under version control: make it the project root.
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient mesh-check-root)))
(setq eglot-sync-connect t eglot-autoshutdown t eglot-events-buffer-size 0)

(cl-defmethod eglot-handle-notification (_server (_method (eql meshLens/status)) &rest params)
  (when (equal (plist-get params :state) "ready") (setq mesh-check-ready params)))

(defun mesh-check-diags (buf)
  (with-current-buffer buf
    (flymake-start)
    (mapcar (lambda (d) (cons (flymake-diagnostic-type d) (flymake-diagnostic-text d))) (flymake-diagnostics))))

(defun mesh-check-find (buf severity regexp)
  "A diagnostic of BUF with SEVERITY (:error, :warning) whose text matches REGEXP."
  (let ((types (if (eq severity :error) '(:error eglot-error) '(:warning eglot-warning))))
    (cl-find-if (lambda (d) (and (memq (car d) types) (string-match-p regexp (cdr d)))) (mesh-check-diags buf))))

(defun mesh-check-connect (buf)
  "Start (or reuse) the server for BUF now; `eglot-ensure' would wait for the command loop."
  (with-current-buffer buf
    (if (eglot-current-server)
        (unless (bound-and-true-p eglot--managed-mode) (eglot--maybe-activate-editing-mode))
      (apply #'eglot (eglot--guess-contact)))
    (eglot-current-server)))

(condition-case err
    (let* ((file (car (last command-line-args-left)))
           (buf (find-file-noselect file))
           ;; Visited before the server starts: Eglot 1.9 drops diagnostics for files it does not visit.
           (docs (find-file-noselect (expand-file-name "universal/copied-from-docs.yaml" mesh-check-root))))
      (setq command-line-args-left nil)
      (mesh-check "eglot connected" (mesh-check-connect buf))
      (mesh-check "server reports meshLens/status ready" (mesh-check-wait (lambda () mesh-check-ready)))
      (mesh-check "hostname-conflict warning in the open file"
                  (mesh-check-wait (lambda () (mesh-check-find buf :warning "checkout\\.backend:80 is claimed with different tags")))
                  (format "%S" (mesh-check-diags buf)))
      (progn
        (mesh-check-connect docs)
        (mesh-check "kuma-validation error in copied-from-docs.yaml"
                    (mesh-check-wait (lambda () (mesh-check-find docs :error "must contain a parameter with kuma\\.io/service as a tagKey")))
                    (format "%S" (mesh-check-diags docs))))
      (with-current-buffer buf
        (goto-char (point-min))
        (search-forward "name: team-names")
        (backward-char 3)
        (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams)))
               (contents (plist-get hover :contents))
               (text (if (stringp contents) contents (or (plist-get contents :value) (format "%S" contents)))))
          (mesh-check "hover shows checkout.backend and VIP 240.0.0.9"
                      (and (string-match-p "checkout\\.backend" text) (string-match-p "240\\.0\\.0\\.9" text))
                      text))))
  (error (mesh-check "no error" nil (error-message-string err))))
(mesh-check-finish)
