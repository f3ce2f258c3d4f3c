"""Signers of issued documents: providers behind a small base class and a registry.

Only the local provider exists yet (`local.py`: the MPP's own CA and signing
certificate, made by `satupintu setup_document_signing`). The national CA's signing
service (BSrE eSign Client) and its simulator come later (issue 20 item 2).
"""
